import { fail, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { ApiError } from '$lib/server/api';
import { apiFailure } from '$lib/server/failures';
import { rememberMyNeed } from '$lib/server/my-needs';
import { SubmitNeed } from '$lib/server/operations';
import { getReferenceData } from '$lib/server/reference-data';
import { mapApiFieldErrors, readNeedForm, validateNeedForm, type NeedFormErrors, type NeedFormValues } from '$lib/need-form';

// The form hydrates: commune search and focus management after an enhanced submit.
export const csr = true;

export interface NeedFormFailure {
  values: NeedFormValues;
  errors: NeedFormErrors;
  /** Messages that belong to no field (shown in the summary). */
  other: string[];
  /** The API could not be reached: nothing was saved, values are kept. */
  unavailable?: boolean;
}

export const load: PageServerLoad = async ({ locals }) => {
  const { communes, themes } = await getReferenceData().catch(apiFailure);
  // Without an account the form asks for an email: the need is published from the emailed link.
  return { communes, themes, anonymous: locals.me === null };
};

export const actions: Actions = {
  submit: async ({ request, locals, cookies, url }) => {
    const data = await request.formData();
    // Honeypot: only robots fill the hidden "site_web" field. They get the usual answer, nothing is saved.
    const honeypot = data.get('site_web');
    if (typeof honeypot === 'string' && honeypot.trim() !== '') redirect(303, '/besoins/merci');
    const anonymous = locals.me === null;
    const values = readNeedForm(data);
    if (!anonymous) values.authorEmail = '';
    const errors = validateNeedForm(values, { anonymous });
    if (Object.keys(errors).length) return fail(400, { values, errors, other: [] } satisfies NeedFormFailure);

    let submitted: { reference: string; authorViewToken: string | null };
    try {
      const { authorEmail, ...need } = values;
      ({ submitNeed: submitted } = await locals.api(SubmitNeed, { input: anonymous ? { ...need, authorEmail } : need }));
    } catch (e) {
      if (e instanceof ApiError && e.isBadUserInput) {
        const mapped = mapApiFieldErrors(e.fields);
        const other = mapped.other.length || Object.keys(mapped.errors).length ? mapped.other : [e.message];
        return fail(400, { values, errors: mapped.errors, other } satisfies NeedFormFailure);
      }
      // Too many needs without an account from this network: the API's sentence says when to retry.
      if (e instanceof ApiError && e.code === 'TOO_MANY_REQUESTS') {
        const paused: NeedFormFailure = { values, errors: {}, other: [e.message] };
        return fail(429, paused);
      }
      console.error(e);
      return fail(503, { values, errors: {}, other: [], unavailable: true } satisfies NeedFormFailure);
    }
    // This browser may see the need before its author confirms it.
    if (submitted.authorViewToken) rememberMyNeed(cookies, url, submitted.reference, submitted.authorViewToken);
    redirect(303, `/besoins/${submitted.reference}`);
  },
};

import { fail, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { ApiError } from '$lib/server/api';
import { apiFailure } from '$lib/server/failures';
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

export const load: PageServerLoad = async () => {
  const { communes, themes } = await getReferenceData().catch(apiFailure);
  return { communes, themes };
};

export const actions: Actions = {
  submit: async ({ request, locals }) => {
    const data = await request.formData();
    // Honeypot: only robots fill the hidden "site_web" field. They get the usual answer, nothing is saved.
    const honeypot = data.get('site_web');
    if (typeof honeypot === 'string' && honeypot.trim() !== '') redirect(303, '/besoins/merci');
    const values = readNeedForm(data);
    const errors = validateNeedForm(values);
    if (Object.keys(errors).length) return fail(400, { values, errors, other: [] } satisfies NeedFormFailure);

    let reference: string;
    try {
      ({ submitNeed: { reference } } = await locals.api(SubmitNeed, { input: values }));
    } catch (e) {
      if (e instanceof ApiError && e.isBadUserInput) {
        const mapped = mapApiFieldErrors(e.fields);
        const other = mapped.other.length || Object.keys(mapped.errors).length ? mapped.other : [e.message];
        return fail(400, { values, errors: mapped.errors, other } satisfies NeedFormFailure);
      }
      console.error(e);
      return fail(503, { values, errors: {}, other: [], unavailable: true } satisfies NeedFormFailure);
    }
    redirect(303, `/besoins/${reference}`);
  },
};

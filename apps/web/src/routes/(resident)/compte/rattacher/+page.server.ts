import { redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { flash } from '$lib/server/flash';
import { apiFormFailure, field } from '$lib/server/forms';
import { ClaimNeed } from '$lib/server/ops-assisted';

// A resident whose need was recorded by a mediator claims it into their new account: the code of the
// receipt and the phone number given at the counter. A few wrong tries lock the claim for an hour.
export const load: PageServerLoad = ({ url }) => ({ code: (url.searchParams.get('code') ?? '').slice(0, 20) });

export const actions: Actions = {
  rattacher: async ({ request, locals, cookies, url }) => {
    const data = await request.formData();
    const values = { reference: field(data, 'reference', { max: 40 }), phone: field(data, 'phone', { max: 40 }) };
    let reference: string;
    try {
      reference = (await locals.api(ClaimNeed, values)).claimNeed.reference;
    } catch (e) {
      return apiFormFailure(e, { form: 'rattacher', values, fields: ['reference', 'phone'], returnTo: '/compte/rattacher' });
    }
    flash(cookies, url, 'besoin-rattache');
    redirect(303, `/besoins/${reference}`);
  },
};

import { redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { apiFormFailure, field, invalid } from '$lib/server/forms';
import { RequestPasswordReset } from '$lib/server/operations';

export const csr = false;

export const load: PageServerLoad = ({ url }) => ({ sent: url.searchParams.has('envoye') });

export const actions: Actions = {
  request: async ({ request, locals }) => {
    const email = field(await request.formData(), 'email', { max: 300 });
    if (!email) return invalid('request', { email }, { email: 'Indiquez votre adresse électronique.' });
    try {
      await locals.api(RequestPasswordReset, { email });
    } catch (e) {
      return apiFormFailure(e, { form: 'request', values: { email }, fields: ['email'], returnTo: '/compte/mot-de-passe-oublie' });
    }
    // The same answer whether an account uses the address or not.
    redirect(303, '/compte/mot-de-passe-oublie?envoye');
  },
};

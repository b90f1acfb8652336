import { redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { safeReturnPath } from '$lib/return-path';
import { flash } from '$lib/server/flash';
import { apiFormFailure, field, invalid } from '$lib/server/forms';
import { SignUp } from '$lib/server/operations';
import { setSessionCookie } from '$lib/server/session';

export const csr = false;

const FIELDS = ['pseudonym', 'email', 'password'] as const;

export const load: PageServerLoad = ({ locals, url }) => {
  const retour = safeReturnPath(url.searchParams.get('retour'), '');
  if (locals.me) redirect(303, retour || '/compte');
  return { retour };
};

export const actions: Actions = {
  signup: async ({ request, locals, cookies, url }) => {
    const data = await request.formData();
    const pseudonym = field(data, 'pseudonym', { max: 200 });
    const email = field(data, 'email', { max: 300 });
    const password = field(data, 'password', { trim: false });
    const retour = safeReturnPath(field(data, 'retour'), '');
    const values = { pseudonym, email, retour };
    const errors: Record<string, string> = {};
    if (!pseudonym) errors.pseudonym = 'Choisissez un pseudonyme.';
    if (!email) errors.email = 'Indiquez votre adresse électronique.';
    if (!password) errors.password = 'Choisissez un mot de passe.';
    if (Object.keys(errors).length) return invalid('signup', values, errors);
    try {
      const { signUp } = await locals.api(SignUp, { input: { pseudonym, email, password } });
      setSessionCookie(cookies, url, signUp);
    } catch (e) {
      return apiFormFailure(e, { form: 'signup', values, fields: FIELDS, returnTo: '/inscription' });
    }
    flash(cookies, url, 'inscription');
    redirect(303, retour || '/compte');
  },
};

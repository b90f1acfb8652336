import { redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { safeReturnPath } from '$lib/return-path';
import { apiFormFailure, field, invalid } from '$lib/server/forms';
import { LogIn } from '$lib/server/operations';
import { setSessionCookie } from '$lib/server/session';

export const csr = false;

const FIELDS = ['email', 'password'] as const;

export const load: PageServerLoad = ({ locals, url }) => {
  const retour = safeReturnPath(url.searchParams.get('retour'), '');
  if (locals.me) redirect(303, retour || '/compte');
  return { retour };
};

export const actions: Actions = {
  login: async ({ request, locals, cookies, url }) => {
    const data = await request.formData();
    const email = field(data, 'email', { max: 300 });
    const password = field(data, 'password', { trim: false });
    const retour = safeReturnPath(field(data, 'retour'), '');
    const values = { email, retour };
    const errors: Record<string, string> = {};
    if (!email) errors.email = 'Indiquez votre adresse électronique.';
    if (!password) errors.password = 'Indiquez votre mot de passe.';
    if (Object.keys(errors).length) return invalid('login', values, errors);
    try {
      const { logIn } = await locals.api(LogIn, { input: { email, password } });
      setSessionCookie(cookies, url, logIn);
    } catch (e) {
      return apiFormFailure(e, { form: 'login', values, fields: FIELDS, returnTo: '/connexion' });
    }
    redirect(303, retour || '/compte');
  },
};

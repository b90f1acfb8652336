import { redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { flash } from '$lib/server/flash';
import { apiFormFailure, field, invalid } from '$lib/server/forms';
import { ResetPassword } from '$lib/server/operations';
import { clearSessionCookie } from '$lib/server/session';

export const csr = false;

export const load: PageServerLoad = ({ url }) => ({ jeton: url.searchParams.get('jeton')?.slice(0, 200) ?? '' });

export const actions: Actions = {
  reset: async ({ request, locals, cookies, url }) => {
    const data = await request.formData();
    const jeton = field(data, 'jeton', { max: 200 });
    const password = field(data, 'password', { trim: false });
    if (!jeton) return invalid('reset', { jeton }, {}, ['Ce lien est incomplet : copiez-le en entier depuis le courriel.']);
    if (!password) return invalid('reset', { jeton }, { password: 'Choisissez un mot de passe.' });
    try {
      await locals.api(ResetPassword, { token: jeton, password });
    } catch (e) {
      return apiFormFailure(e, { form: 'reset', values: { jeton }, fields: ['password'], returnTo: '/connexion' });
    }
    // Every session of the account ended, this browser's too.
    clearSessionCookie(cookies, url);
    flash(cookies, url, 'mot-de-passe-reinitialise');
    redirect(303, '/connexion');
  },
};

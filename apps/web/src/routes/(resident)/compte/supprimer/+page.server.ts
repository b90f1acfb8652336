import { redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { flash } from '$lib/server/flash';
import { apiFormFailure, field, invalid } from '$lib/server/forms';
import { requireResident } from '$lib/server/guards';
import { DeleteMyAccount } from '$lib/server/ops-privacy';
import { clearSessionCookie } from '$lib/server/session';

// "Supprimer mon compte": says what is erased and what stays public, then erases the account with the
// password (or, without one, a typed phrase). Server-only plain form; the API erases in one transaction.
export const csr = false;

/** Must match ERASE_CONFIRMATION_PHRASE in @pit/privacy. */
const PHRASE = 'supprimer mon compte';

export const load: PageServerLoad = ({ locals, url }) => {
  const me = requireResident(locals, url);
  return { hasPassword: me.hasPassword, pseudonym: me.pseudonym, phrase: PHRASE };
};

export const actions: Actions = {
  supprimer: async ({ request, locals, cookies, url }) => {
    const me = requireResident(locals, url);
    const data = await request.formData();
    const password = me.hasPassword ? field(data, 'password', { max: 200, trim: false }) : '';
    const confirmation = me.hasPassword ? '' : field(data, 'confirmation', { max: 100 });
    if (me.hasPassword && !password) return invalid('supprimer', {}, { password: 'Saisissez votre mot de passe pour confirmer.' });
    if (!me.hasPassword && confirmation.toLowerCase() !== PHRASE) return invalid('supprimer', { confirmation }, { confirmation: `Écrivez « ${PHRASE} » pour confirmer.` });
    try {
      await locals.api(DeleteMyAccount, { password: password || null, confirmation: confirmation || null });
    } catch (e) {
      return apiFormFailure(e, { form: 'supprimer', values: { confirmation }, fields: ['password', 'confirmation'], returnTo: '/compte/supprimer' });
    }
    clearSessionCookie(cookies, url);
    flash(cookies, url, 'compte-supprime');
    redirect(303, '/');
  },
};

import { redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { flash } from '$lib/server/flash';
import { apiFormFailure, field, invalid } from '$lib/server/forms';
import { requireResident } from '$lib/server/guards';
import { ChangePassword, RequestEmailChange, UpdateProfile } from '$lib/server/operations';

export const csr = false;

// Everything shown here comes with `me` (read once by hooks.server.ts): no other API call.
export const load: PageServerLoad = ({ locals, url }) => {
  const me = requireResident(locals, url);
  return {
    account: {
      pseudonym: me.pseudonym,
      email: me.email,
      emailVerified: me.emailVerified,
      hasPassword: me.hasPassword,
      linkedProviders: me.linkedProviders,
      roles: me.roles,
    },
  };
};

export const actions: Actions = {
  pseudonym: async ({ request, locals, cookies, url }) => {
    const pseudonym = field(await request.formData(), 'pseudonym', { max: 200 });
    const values = { pseudonym };
    if (!pseudonym) return invalid('pseudonym', values, { pseudonym: 'Choisissez un pseudonyme.' });
    try {
      await locals.api(UpdateProfile, { pseudonym });
    } catch (e) {
      return apiFormFailure(e, { form: 'pseudonym', values, fields: ['pseudonym'], returnTo: '/compte' });
    }
    flash(cookies, url, 'pseudonyme-change');
    redirect(303, '/compte');
  },

  email: async ({ request, locals, cookies, url }) => {
    const data = await request.formData();
    const newEmail = field(data, 'newEmail', { max: 300 });
    const password = field(data, 'emailPassword', { trim: false });
    const values = { newEmail };
    const errors: Record<string, string> = {};
    if (!newEmail) errors.newEmail = 'Indiquez la nouvelle adresse électronique.';
    if (!password && locals.me?.hasPassword) errors.emailPassword = 'Indiquez votre mot de passe.';
    if (Object.keys(errors).length) return invalid('email', values, errors);
    try {
      await locals.api(RequestEmailChange, { newEmail, password });
    } catch (e) {
      return apiFormFailure(e, { form: 'email', values, fields: ['newEmail', 'emailPassword'], aliases: { password: 'emailPassword' }, returnTo: '/compte' });
    }
    flash(cookies, url, 'adresse-demandee');
    redirect(303, '/compte');
  },

  password: async ({ request, locals, cookies, url }) => {
    const data = await request.formData();
    const currentPassword = field(data, 'currentPassword', { trim: false });
    const newPassword = field(data, 'newPassword', { trim: false });
    const errors: Record<string, string> = {};
    if (!currentPassword && locals.me?.hasPassword) errors.currentPassword = 'Indiquez votre mot de passe actuel.';
    if (!newPassword) errors.newPassword = 'Choisissez un nouveau mot de passe.';
    if (Object.keys(errors).length) return invalid('password', {}, errors);
    try {
      await locals.api(ChangePassword, { currentPassword, newPassword });
    } catch (e) {
      return apiFormFailure(e, { form: 'password', values: {}, fields: ['currentPassword', 'newPassword'], returnTo: '/compte' });
    }
    flash(cookies, url, 'mot-de-passe-change');
    redirect(303, '/compte');
  },
};

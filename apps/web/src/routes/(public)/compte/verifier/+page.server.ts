import type { Actions, PageServerLoad } from './$types';
import { emailLinkAction, emailLinkLoad } from '$lib/server/email-link';
import { VerifyEmail } from '$lib/server/operations';

export const csr = false;

export const load: PageServerLoad = emailLinkLoad;

export const actions: Actions = {
  confirm: emailLinkAction({
    use: async (locals, token) => {
      await locals.api(VerifyEmail, { token });
      return locals.me ? '/compte' : '/connexion';
    },
    flashKey: 'adresse-verifiee',
    returnTo: '/compte',
  }),
};

import type { Actions, PageServerLoad } from './$types';
import { emailLinkAction, emailLinkLoad } from '$lib/server/email-link';
import { ConfirmNeed } from '$lib/server/operations';

export const csr = false;

export const load: PageServerLoad = emailLinkLoad;

export const actions: Actions = {
  confirm: emailLinkAction({
    use: async (locals, token) => `/besoins/${(await locals.api(ConfirmNeed, { token })).confirmNeed.reference}`,
    flashKey: 'besoin-confirme',
    returnTo: '/besoins',
  }),
};

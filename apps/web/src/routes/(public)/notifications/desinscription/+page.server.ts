import type { Actions, PageServerLoad } from './$types';
import { emailLinkAction, emailLinkLoad } from '$lib/server/email-link';
import { UnsubscribeNotifications } from '$lib/server/operations';

// The unsubscribe link of every notification email (?jeton=…): a button posts it (never on GET,
// since mail scanners open links); it switches that person's notifications off.
export const csr = false;

export const load: PageServerLoad = emailLinkLoad;

export const actions: Actions = {
  confirm: emailLinkAction({
    use: async (locals, token) => {
      await locals.api(UnsubscribeNotifications, { token });
      return locals.me ? '/compte/notifications' : '/';
    },
    flashKey: 'notifications-desactivees',
    returnTo: '/',
  }),
};

import type { LayoutServerLoad } from './$types';
import { messagesFor, switchHref } from '$lib/i18n';
import { takeNotice } from '$lib/server/flash';
import { isAdmin } from '$lib/server/guards';

// Zero client JavaScript by default; the two pages that enhance something opt in with csr = true.
export const csr = false;

// The header needs only the pseudonym; the one-time notice of the previous action, if any; the language,
// the layout's messages in it (only these strings reach the hydrated pages) and the link to the other language.
// Every string sent here also travels in the data of the hydrated pages: the account links' labels only to
// a logged-in person.
export const load: LayoutServerLoad = ({ locals, cookies, url }) => ({
  locale: locals.locale,
  ui: messagesFor(locals.locale).layout,
  switchHref: switchHref(url, locals.locale === 'en' ? 'fr' : 'en'),
  me: locals.me
    ? { pseudonym: locals.me.pseudonym, admin: isAdmin(locals.me), mediation: locals.me.roles.some((grant) => grant.role === 'MEDIATOR'), t: messagesFor(locals.locale).accountMenu }
    : null,
  notice: takeNotice(cookies, url),
});

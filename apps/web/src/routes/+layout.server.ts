import type { LayoutServerLoad } from './$types';
import { takeNotice } from '$lib/server/flash';
import { isAdmin } from '$lib/server/guards';

// Zero client JavaScript by default; the two pages that enhance something opt in with csr = true.
export const csr = false;

// The header needs only the pseudonym; the one-time notice of the previous action, if any.
export const load: LayoutServerLoad = ({ locals, cookies, url }) => ({
  me: locals.me ? { pseudonym: locals.me.pseudonym, admin: isAdmin(locals.me), mediation: locals.me.roles.some((grant) => grant.role === 'MEDIATOR') } : null,
  notice: takeNotice(cookies, url),
});

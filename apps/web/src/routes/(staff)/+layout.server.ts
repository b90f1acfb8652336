import type { LayoutServerLoad } from './$types';
import { requireAdmin } from '$lib/server/guards';

// Administrators only: anonymous visitors go to /connexion, others get a 403 page. (Actions: see hooks.server.ts.)
export const load: LayoutServerLoad = ({ locals, url }) => {
  requireAdmin(locals, url);
};

import type { LayoutServerLoad } from './$types';
import { requireResident } from '$lib/server/guards';

// Logged-in people only: others go to /connexion?retour=<this page>. (Actions: see hooks.server.ts.)
export const load: LayoutServerLoad = ({ locals, url }) => {
  requireResident(locals, url);
};

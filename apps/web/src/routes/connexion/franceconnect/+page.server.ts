import type { PageServerLoad } from './$types';
import { FRANCECONNECT, startLogin } from './oidc-flow.server';

export const csr = false;

// Sends the browser to FranceConnect (?retour=/chemin, or ?lier=1 from the account page).
export const load: PageServerLoad = (event) => startLogin(FRANCECONNECT, event);

import type { PageServerLoad } from './$types';
import { PROCONNECT, startLogin } from '../franceconnect/oidc-flow.server';

export const csr = false;

// Sends the browser to ProConnect (?retour=/chemin; agents of the authorities).
export const load: PageServerLoad = (event) => startLogin(PROCONNECT, event);

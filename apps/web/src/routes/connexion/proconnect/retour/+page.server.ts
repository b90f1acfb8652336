import type { PageServerLoad } from './$types';
import { PROCONNECT, finishLogin } from '../../franceconnect/oidc-flow.server';

export const csr = false;

// ProConnect sends the browser back here with a code: the api completes the login or the link.
export const load: PageServerLoad = (event) => finishLogin(PROCONNECT, event);

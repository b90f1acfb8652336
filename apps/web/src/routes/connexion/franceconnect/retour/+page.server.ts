import type { PageServerLoad } from './$types';
import { FRANCECONNECT, finishLogin } from '../oidc-flow.server';

export const csr = false;

// FranceConnect sends the browser back here with a code: the api completes the login or the link.
export const load: PageServerLoad = (event) => finishLogin(FRANCECONNECT, event);

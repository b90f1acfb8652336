import { error } from '@sveltejs/kit';
import { ApiError, ApiUnavailableError } from './api';

export const UNAVAILABLE_MESSAGE =
  'Le service est momentanément indisponible. Réessayez dans quelques minutes ; en cas d’urgence, appelez le 112.';

export function isApiFailure(e: unknown): e is ApiError | ApiUnavailableError {
  return e instanceof ApiUnavailableError || (e instanceof ApiError && !e.isBadUserInput);
}

/** Turns an API outage into the French 503 page (a refusal into 401/403); anything else propagates. */
export function apiFailure(e: unknown): never {
  if (e instanceof ApiError && e.code === 'UNAUTHENTICATED') error(401, 'Votre session a pris fin : reconnectez-vous pour continuer.');
  if (e instanceof ApiError && e.code === 'FORBIDDEN') error(403, e.message);
  if (isApiFailure(e)) {
    console.error(e);
    error(503, UNAVAILABLE_MESSAGE);
  }
  throw e;
}

import { GraphQLError } from 'graphql';

/** The provider is not configured on this instance (no client id and secret). */
export const PROVIDER_DISABLED = 'PROVIDER_DISABLED';
/** The provider could not be reached (network, timeout, its own outage). */
export const PROVIDER_UNAVAILABLE = 'PROVIDER_UNAVAILABLE';
/** The person cancelled at the provider, or the provider refused the request. */
export const PROVIDER_CANCELLED = 'PROVIDER_CANCELLED';
/** The provider's answer did not pass the checks (state, nonce, signature, acr…), or the code was already used. */
export const PROVIDER_LOGIN_FAILED = 'PROVIDER_LOGIN_FAILED';

export function providerDisabled(label: string): GraphQLError {
  return new GraphQLError(`La connexion avec ${label} n'est pas disponible sur ce site.`, { extensions: { code: PROVIDER_DISABLED } });
}

export function providerUnavailable(label: string): GraphQLError {
  return new GraphQLError(`${label} ne répond pas pour le moment. Réessayez dans quelques minutes.`, { extensions: { code: PROVIDER_UNAVAILABLE } });
}

export function providerCancelled(label: string): GraphQLError {
  return new GraphQLError(`La connexion avec ${label} a été annulée.`, { extensions: { code: PROVIDER_CANCELLED } });
}

export function providerLoginFailed(label: string): GraphQLError {
  return new GraphQLError(`La connexion avec ${label} n'a pas abouti. Recommencez depuis la page de connexion.`, {
    extensions: { code: PROVIDER_LOGIN_FAILED },
  });
}

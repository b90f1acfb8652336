// GraphQL documents of the FranceConnect / ProConnect pages (checked against apps/api/schema.gql by
// oidc-operations.spec.ts). The api runs the protocol; the web only carries the browser.
import type { TypedDocument } from '../../../lib/server/operations';

export type IdentityProvider = 'FRANCECONNECT' | 'PROCONNECT';

/** What the pages show when the round trip cannot go on (the texts are French, from the api or here). */
export interface Problem {
  title: string;
  message: string;
  /** The provider is simply not offered on this site: point to the other ways in. */
  disabled: boolean;
}

export interface OidcStartData {
  authorizationUrl: string;
  state: string;
  nonce: string;
  codeVerifier: string;
}

export interface OidcCallbackVars {
  provider: IdentityProvider;
  callbackUrl: string;
  state: string;
  nonce: string;
  codeVerifier: string;
}

const doc = <TData, TVars>(query: string): TypedDocument<TData, TVars> => ({ query });

export const OidcStart = doc<{ oidcStart: OidcStartData }, { provider: IdentityProvider; redirectUri: string }>(
  `mutation OidcStart($provider: IdentityProvider!, $redirectUri: String!) {
    oidcStart(provider: $provider, redirectUri: $redirectUri) { authorizationUrl state nonce codeVerifier }
  }`,
);

export const OidcComplete = doc<{ oidcComplete: { sessionToken: string; expiresAt: string } }, OidcCallbackVars>(
  `mutation OidcComplete($provider: IdentityProvider!, $callbackUrl: String!, $state: String!, $nonce: String!, $codeVerifier: String!) {
    oidcComplete(provider: $provider, callbackUrl: $callbackUrl, state: $state, nonce: $nonce, codeVerifier: $codeVerifier) { sessionToken expiresAt }
  }`,
);

export const OidcLink = doc<{ oidcLink: boolean }, OidcCallbackVars>(
  `mutation OidcLink($provider: IdentityProvider!, $callbackUrl: String!, $state: String!, $nonce: String!, $codeVerifier: String!) {
    oidcLink(provider: $provider, callbackUrl: $callbackUrl, state: $state, nonce: $nonce, codeVerifier: $codeVerifier)
  }`,
);

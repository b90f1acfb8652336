import type { AppConfig, OidcClientConfig } from '@pit/core';
import type { ExternalClaims } from '../accounts.service.js';

export const IDENTITY_PROVIDERS = ['franceconnect', 'proconnect'] as const;
export type IdentityProviderName = (typeof IDENTITY_PROVIDERS)[number];

/** What differs between FranceConnect v2 and ProConnect; both follow the same OIDC shape (DOMAIN.md §4). */
export interface IdentityProviderProfile {
  name: IdentityProviderName;
  /** As people know it, in French sentences. */
  label: string;
  scope: string;
  /** Sent as acr_values and required in the id_token. */
  acr: string | null;
  /** The userinfo must come as a JWT signed by the provider (FranceConnect); ProConnect's is verified when signed. */
  signedUserinfo: boolean;
  /** Path of the web page the provider sends people back to (under PUBLIC_URL). */
  callbackPath: string;
  claims: (userinfo: Record<string, unknown>) => ExternalClaims;
  client: (config: AppConfig) => OidcClientConfig | null;
}

export const IDENTITY_PROVIDER_PROFILES: Record<IdentityProviderName, IdentityProviderProfile> = {
  franceconnect: {
    name: 'franceconnect',
    label: 'FranceConnect',
    scope: 'openid given_name family_name email preferred_username birthdate',
    acr: 'eidas1',
    signedUserinfo: true,
    callbackPath: '/connexion/franceconnect/retour',
    // The birthdate only feeds the identity hash (paper supports); it is not stored.
    claims: (userinfo) => ({ givenName: claim(userinfo.given_name), familyName: claim(userinfo.family_name), birthdate: claim(userinfo.birthdate) }),
    client: (config) => config.franceConnect,
  },
  proconnect: {
    name: 'proconnect',
    label: 'ProConnect',
    scope: 'openid given_name usual_name email uid siret',
    acr: null,
    signedUserinfo: false,
    callbackPath: '/connexion/proconnect/retour',
    // The professional address lets an admin find the agent to give them a role (never used to link accounts).
    claims: (userinfo) => ({ givenName: claim(userinfo.given_name), familyName: claim(userinfo.usual_name), workEmail: claim(userinfo.email) }),
    client: (config) => config.proConnect,
  },
};

/** Where the provider sends people back to after logging out (declared at the provider). */
export const POST_LOGOUT_PATH = '/deconnexion/retour';

/** Names are stored as given, within reason: trimmed, NFC, at most 200 characters. */
function claim(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  const text = value.normalize('NFC').trim().slice(0, 200);
  return text || null;
}

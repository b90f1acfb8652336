import { describe, expect, it } from 'vitest';
import { GraphQLError } from 'graphql';
import { loadConfig } from '@pit/core';
import type { AccountsService } from '../accounts.service.js';
import { IDENTITY_PROVIDER_PROFILES } from './identity-providers.js';
import { OidcService } from './oidc.service.js';

// What the service decides before any network call (the exchange itself: oidc.integration-spec.ts).
const config = loadConfig({
  DATABASE_URL: 'postgres://u@h:5432/db',
  PUBLIC_URL: 'https://besoins.example.fr',
  FRANCECONNECT_CLIENT_ID: 'pit',
  FRANCECONNECT_CLIENT_SECRET: 'secret',
});
const service = new OidcService(config, null as unknown as AccountsService);

async function refusal(promise: Promise<unknown>): Promise<GraphQLError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(GraphQLError);
  return error as GraphQLError;
}

describe('OidcService', () => {
  it('builds the return addresses from PUBLIC_URL, one per provider', () => {
    expect(service.redirectUri('franceconnect')).toBe('https://besoins.example.fr/connexion/franceconnect/retour');
    expect(service.redirectUri('proconnect')).toBe('https://besoins.example.fr/connexion/proconnect/retour');
    expect(service.enabled('franceconnect')).toBe(true);
    expect(service.enabled('proconnect')).toBe(false);
  });

  it('answers PROVIDER_DISABLED for a provider without client id and secret', async () => {
    const error = await refusal(service.start('proconnect', 'https://besoins.example.fr/connexion/proconnect/retour'));
    expect(error.extensions.code).toBe('PROVIDER_DISABLED');
    expect(error.message).toBe("La connexion avec ProConnect n'est pas disponible sur ce site.");
  });

  it('refuses a return address outside the allow-list before contacting the provider', async () => {
    for (const uri of ['https://besoins.example.fr.evil.example/connexion/franceconnect/retour', 'https://besoins.example.fr/', 'javascript:alert(1)']) {
      const error = await refusal(service.start('franceconnect', uri));
      expect(error.extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: [{ field: 'redirectUri' }] });
    }
    const error = await refusal(
      service.verify('franceconnect', { callbackUrl: 'https://evil.example/connexion/franceconnect/retour?code=x&state=y', state: 'y', nonce: 'n', codeVerifier: 'v' }),
    );
    expect(error.extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: [{ field: 'callbackUrl' }] });
  });

  it('has no provider logout for an id_token of an unknown issuer or a malformed one', async () => {
    const foreign = ['e30', Buffer.from(JSON.stringify({ iss: 'https://idp.example' })).toString('base64url'), 'sig'].join('.');
    expect(await service.logoutUrl(foreign)).toBeNull();
    expect(await service.logoutUrl('not-a-jwt')).toBeNull();
  });

  it('maps the claims of each provider to the private name, trimmed and bounded', () => {
    expect(IDENTITY_PROVIDER_PROFILES.franceconnect.claims({ given_name: ' Angela Claire ', family_name: 'Dubois', email: 'x@y.fr', birthdate: '1962-08-24' })).toEqual({
      givenName: 'Angela Claire',
      familyName: 'Dubois',
      birthdate: '1962-08-24',
    });
    expect(IDENTITY_PROVIDER_PROFILES.proconnect.claims({ given_name: 'Inès', usual_name: 'Moreau', family_name: 'ignored', email: 'ines.moreau@ville-avrille.fr' })).toEqual({
      givenName: 'Inès',
      familyName: 'Moreau',
      workEmail: 'ines.moreau@ville-avrille.fr',
    });
    expect(IDENTITY_PROVIDER_PROFILES.franceconnect.claims({ given_name: 42, family_name: 'x'.repeat(500) })).toEqual({ givenName: null, familyName: 'x'.repeat(200), birthdate: null });
  });
});

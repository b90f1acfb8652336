import net from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { DataSource } from 'typeorm';
import { graphql, signUpResident, startApi, type GraphqlResponse } from '../../../../../tools/test/harness.js';
import { startTestIdentityProviders, type TestIdentityProvider } from '../../../../../tools/test/oidc-provider.mjs';

// The whole FranceConnect / ProConnect exchange over HTTP on loopback: the api (through GraphQL) against
// a real oidc-provider shaped like FranceConnect v2. Nothing is mocked.

const PUBLIC_URL = 'http://localhost:3000';
const FC_RETURN = `${PUBLIC_URL}/connexion/franceconnect/retour`;
const PC_RETURN = `${PUBLIC_URL}/connexion/proconnect/retour`;

const START = `mutation($provider: IdentityProvider!, $redirectUri: String!) {
  oidcStart(provider: $provider, redirectUri: $redirectUri) { authorizationUrl state nonce codeVerifier }
}`;
const COMPLETE = `mutation($provider: IdentityProvider!, $callbackUrl: String!, $state: String!, $nonce: String!, $codeVerifier: String!) {
  oidcComplete(provider: $provider, callbackUrl: $callbackUrl, state: $state, nonce: $nonce, codeVerifier: $codeVerifier) { sessionToken expiresAt }
}`;
const LINK = `mutation($provider: IdentityProvider!, $callbackUrl: String!, $state: String!, $nonce: String!, $codeVerifier: String!) {
  oidcLink(provider: $provider, callbackUrl: $callbackUrl, state: $state, nonce: $nonce, codeVerifier: $codeVerifier)
}`;
const ME = `{ me { id pseudonym email hasPassword linkedProviders } }`;
const LOG_OUT = `mutation { logOut { loggedOut providerLogoutUrl } }`;

type Provider = 'FRANCECONNECT' | 'PROCONNECT';
interface Started {
  authorizationUrl: string;
  state: string;
  nonce: string;
  codeVerifier: string;
}
interface Me {
  id: string;
  pseudonym: string;
  email: string | null;
  hasPassword: boolean;
  linkedProviders: string[];
}

let sequence = 0;
const newSub = (prefix = 'fc') => `${prefix}-${Date.now().toString(36)}-${++sequence}`;

describe('FranceConnect and ProConnect login against a loopback OpenID provider', () => {
  let api: NestFastifyApplication;
  let dataSource: DataSource;
  let idps: Awaited<ReturnType<typeof startTestIdentityProviders>>;
  let fc: TestIdentityProvider;
  let pc: TestIdentityProvider;
  const saved = { ...process.env };

  const start = async (provider: Provider, redirectUri = provider === 'FRANCECONNECT' ? FC_RETURN : PC_RETURN): Promise<Started> => {
    const result = await graphql<{ oidcStart: Started }>(api, START, { provider, redirectUri });
    if (!result.data?.oidcStart) throw new Error(`oidcStart failed: ${JSON.stringify(result.errors)}`);
    return result.data.oidcStart;
  };
  const complete = (provider: Provider, started: Started, callbackUrl: string, overrides: Partial<Started> = {}) =>
    graphql<{ oidcComplete: { sessionToken: string; expiresAt: string } }>(api, COMPLETE, {
      provider,
      callbackUrl,
      state: overrides.state ?? started.state,
      nonce: overrides.nonce ?? started.nonce,
      codeVerifier: overrides.codeVerifier ?? started.codeVerifier,
    });
  /** oidcStart → the provider's login and consent forms → oidcComplete; returns the session token. */
  const logInThrough = async (provider: Provider, sub: string): Promise<string> => {
    const idp = provider === 'FRANCECONNECT' ? fc : pc;
    const started = await start(provider);
    const callbackUrl = await idp.logIn(started.authorizationUrl, sub);
    const result = await complete(provider, started, callbackUrl);
    if (!result.data?.oidcComplete) throw new Error(`oidcComplete failed: ${JSON.stringify(result.errors)}`);
    return result.data.oidcComplete.sessionToken;
  };
  const me = async (token: string): Promise<Me | null> => (await graphql<{ me: Me | null }>(api, ME, {}, { token })).data!.me;
  const codeOf = (result: GraphqlResponse<unknown>) => result.errors?.[0]?.extensions?.code;

  beforeAll(async () => {
    idps = await startTestIdentityProviders({ publicUrl: PUBLIC_URL });
    fc = idps.franceConnect;
    pc = idps.proConnect;
    Object.assign(process.env, { PUBLIC_URL, ...idps.env });
    api = await startApi();
    dataSource = api.get(DataSource);
  });
  afterEach(() => {
    fc.reset();
    pc.reset();
  });
  afterAll(async () => {
    await api?.close();
    await idps?.close();
    restoreEnv(saved);
  });

  it('logs a resident in through FranceConnect: eidas1, PKCE, a new account from the signed userinfo', async () => {
    const started = await start('FRANCECONNECT');
    const authorization = new URL(started.authorizationUrl);
    expect(`${authorization.origin}${authorization.pathname}`).toBe(`${fc.issuer}/authorize`);
    expect(Object.fromEntries(authorization.searchParams)).toMatchObject({
      client_id: fc.clientId,
      redirect_uri: FC_RETURN,
      response_type: 'code',
      scope: 'openid given_name family_name email preferred_username birthdate',
      acr_values: 'eidas1',
      state: started.state,
      nonce: started.nonce,
      code_challenge_method: 'S256',
    });
    expect(authorization.searchParams.has('client_secret')).toBe(false);

    const sub = newSub();
    fc.users.set(sub, { given_name: 'Marianne', family_name: 'Lefèvre', email: 'partagee@exemple.fr' });
    const callbackUrl = await fc.logIn(started.authorizationUrl, sub);
    expect(callbackUrl.startsWith(`${FC_RETURN}?`)).toBe(true);
    const result = await complete('FRANCECONNECT', started, callbackUrl);
    expect(result.errors).toBeUndefined();
    const token = result.data!.oidcComplete.sessionToken;

    const person = await me(token);
    expect(person).toMatchObject({ hasPassword: false, linkedProviders: ['franceconnect'], email: null });
    // The real name is kept privately; the public pseudonym is not it.
    expect(person!.pseudonym).toMatch(/^Habitant [0-9A-Z]{8}$/);
    const [row] = await dataSource.query(`SELECT given_name, family_name FROM person WHERE id = $1`, [person!.id]);
    expect(row).toEqual({ given_name: 'Marianne', family_name: 'Lefèvre' });
    const [session] = await dataSource.query(`SELECT auth_method, id_token FROM session WHERE person_id = $1`, [person!.id]);
    expect(session.auth_method).toBe('franceconnect');
    expect(session.id_token.split('.')).toHaveLength(3);

    // The same code cannot be used twice.
    const replay = await complete('FRANCECONNECT', started, callbackUrl);
    expect(codeOf(replay)).toBe('PROVIDER_LOGIN_FAILED');
  });

  it('finds the same person for the same sub, and never links by email', async () => {
    const sub = newSub();
    const first = await me(await logInThrough('FRANCECONNECT', sub));
    fc.users.set(sub, { given_name: 'Marianne', family_name: 'Nouveau-Nom' });
    const second = await me(await logInThrough('FRANCECONNECT', sub));
    expect(second!.id).toBe(first!.id);
    const [row] = await dataSource.query(`SELECT family_name FROM person WHERE id = $1`, [first!.id]);
    expect(row.family_name).toBe('Nouveau-Nom');

    // A local account with the provider's email address stays a different account.
    const resident = await signUpResident(api, 'Homonyme');
    const other = newSub();
    fc.users.set(other, { email: resident.email });
    const viaFc = await me(await logInThrough('FRANCECONNECT', other));
    expect(viaFc!.id).not.toBe((await me(resident.token))!.id);
  });

  it('refuses a wrong nonce and a tampered state, and opens no session', async () => {
    const sub = newSub();
    const count = async () => Number((await dataSource.query(`SELECT count(*) FROM external_identity WHERE subject = $1`, [sub]))[0].count);

    const started = await start('FRANCECONNECT');
    const callbackUrl = await fc.logIn(started.authorizationUrl, sub);
    const tamperedState = await complete('FRANCECONNECT', started, callbackUrl, { state: `${started.state}x` });
    expect(codeOf(tamperedState)).toBe('PROVIDER_LOGIN_FAILED');
    expect(tamperedState.errors![0]!.message).toBe("La connexion avec FranceConnect n'a pas abouti. Recommencez depuis la page de connexion.");
    const stateInUrl = new URL(callbackUrl);
    stateInUrl.searchParams.set('state', 'forged');
    expect(codeOf(await complete('FRANCECONNECT', started, stateInUrl.href))).toBe('PROVIDER_LOGIN_FAILED');

    const again = await start('FRANCECONNECT');
    const secondCallback = await fc.logIn(again.authorizationUrl, sub);
    const wrongNonce = await complete('FRANCECONNECT', again, secondCallback, { nonce: started.nonce });
    expect(codeOf(wrongNonce)).toBe('PROVIDER_LOGIN_FAILED');

    // PKCE: a code is only exchanged with the verifier of the request that obtained it.
    const third = await start('FRANCECONNECT');
    const thirdCallback = await fc.logIn(third.authorizationUrl, sub);
    const wrongVerifier = await complete('FRANCECONNECT', third, thirdCallback, { codeVerifier: started.codeVerifier });
    expect(codeOf(wrongVerifier)).toBe('PROVIDER_LOGIN_FAILED');
    expect(await count()).toBe(0);
  });

  it('checks the userinfo signature: an altered or unsigned FranceConnect userinfo is refused', async () => {
    const sub = newSub();
    for (const mode of ['altered', 'unsigned'] as const) {
      fc.behaviour.userinfo = mode;
      const started = await start('FRANCECONNECT');
      const callbackUrl = await fc.logIn(started.authorizationUrl, sub);
      const result = await complete('FRANCECONNECT', started, callbackUrl);
      expect(codeOf(result), mode).toBe('PROVIDER_LOGIN_FAILED');
    }
    const [{ count }] = await dataSource.query(`SELECT count(*) FROM external_identity WHERE subject = $1`, [sub]);
    expect(Number(count)).toBe(0);
  });

  it('refuses a FranceConnect id_token whose acr is not eidas1', async () => {
    fc.behaviour.acr = 'eidas2';
    const started = await start('FRANCECONNECT');
    const callbackUrl = await fc.logIn(started.authorizationUrl, newSub());
    expect(codeOf(await complete('FRANCECONNECT', started, callbackUrl))).toBe('PROVIDER_LOGIN_FAILED');
  });

  it('says so in French when the person cancels at the provider', async () => {
    const started = await start('FRANCECONNECT');
    const callbackUrl = await fc.logIn(started.authorizationUrl, newSub(), { cancel: true });
    expect(new URL(callbackUrl).searchParams.get('error')).toBe('access_denied');
    const result = await complete('FRANCECONNECT', started, callbackUrl);
    expect(result.errors![0]).toMatchObject({ message: 'La connexion avec FranceConnect a été annulée.', extensions: { code: 'PROVIDER_CANCELLED' } });
  });

  it('logs an agent in through ProConnect (usual_name, no acr required)', async () => {
    const started = await start('PROCONNECT');
    const authorization = new URL(started.authorizationUrl);
    expect(authorization.href.startsWith(`${pc.issuer}/authorize?`)).toBe(true);
    expect(authorization.searchParams.get('scope')).toBe('openid given_name usual_name email uid siret');
    expect(authorization.searchParams.get('redirect_uri')).toBe(PC_RETURN);

    const sub = newSub('pc');
    const workEmail = `${sub}@avrille.example`;
    pc.users.set(sub, { given_name: 'Inès', usual_name: 'Moreau', siret: '21490007800012', email: workEmail });
    const callbackUrl = await pc.logIn(started.authorizationUrl, sub);
    const result = await complete('PROCONNECT', started, callbackUrl);
    expect(result.errors).toBeUndefined();
    const agent = await me(result.data!.oidcComplete.sessionToken);
    expect(agent!.linkedProviders).toEqual(['proconnect']);
    const [row] = await dataSource.query(`SELECT given_name, family_name, email FROM person WHERE id = $1`, [agent!.id]);
    // The professional address is kept so that an admin can give the agent a role by it.
    expect(row).toEqual({ given_name: 'Inès', family_name: 'Moreau', email: workEmail });

    // Another ProConnect identity with the same address gets its own account, without the address.
    const twin = newSub('pc');
    pc.users.set(twin, { given_name: 'Autre', usual_name: 'Personne', siret: '21490007800012', email: workEmail });
    const twinStarted = await start('PROCONNECT');
    const twinResult = await complete('PROCONNECT', twinStarted, await pc.logIn(twinStarted.authorizationUrl, twin));
    const twinMe = await me(twinResult.data!.oidcComplete.sessionToken);
    expect(twinMe!.id).not.toBe(agent!.id);
    const [twinRow] = await dataSource.query(`SELECT email FROM person WHERE id = $1`, [twinMe!.id]);
    expect(twinRow.email).toBeNull();

    // A ProConnect answer is not accepted as FranceConnect's, nor on the other return page.
    const other = await start('PROCONNECT');
    const otherCallback = await pc.logIn(other.authorizationUrl, sub);
    expect(codeOf(await complete('FRANCECONNECT', other, otherCallback))).toBe('BAD_USER_INPUT');
  });

  it('logs out through the provider: end-session URL with id_token_hint, back to /deconnexion/retour', async () => {
    const token = await logInThrough('FRANCECONNECT', newSub());
    const person = await me(token);
    const [{ id_token: idToken }] = await dataSource.query(`SELECT id_token FROM session WHERE person_id = $1`, [person!.id]);

    const result = await graphql<{ logOut: { loggedOut: boolean; providerLogoutUrl: string } }>(api, LOG_OUT, {}, { token });
    expect(result.data!.logOut.loggedOut).toBe(true);
    const logoutUrl = new URL(result.data!.logOut.providerLogoutUrl);
    expect(`${logoutUrl.origin}${logoutUrl.pathname}`).toBe(`${fc.issuer}/session/end`);
    expect(logoutUrl.searchParams.get('id_token_hint')).toBe(idToken);
    expect(logoutUrl.searchParams.get('post_logout_redirect_uri')).toBe(`${PUBLIC_URL}/deconnexion/retour`);
    const state = logoutUrl.searchParams.get('state');
    expect(state).toMatch(/^[\w-]{20,}$/);
    expect(await me(token)).toBeNull();

    // The provider accepts it and sends the browser back to the site.
    const back = await fc.endSession(logoutUrl.href);
    expect(back).toBe(`${PUBLIC_URL}/deconnexion/retour?state=${state}`);

    // A password session has no provider to log out from.
    const resident = await signUpResident(api, 'Local');
    const local = await graphql<{ logOut: { providerLogoutUrl: string | null } }>(api, LOG_OUT, {}, { token: resident.token });
    expect(local.data!.logOut.providerLogoutUrl).toBeNull();
  });

  it('links a FranceConnect identity from inside a local account, and refuses one linked elsewhere', async () => {
    const resident = await signUpResident(api, 'Lieur');
    const sub = newSub();
    const started = await start('FRANCECONNECT');
    const callbackUrl = await fc.logIn(started.authorizationUrl, sub);
    const variables = { provider: 'FRANCECONNECT', callbackUrl, state: started.state, nonce: started.nonce, codeVerifier: started.codeVerifier };

    expect(codeOf(await graphql(api, LINK, variables))).toBe('UNAUTHENTICATED');
    const linked = await graphql<{ oidcLink: boolean }>(api, LINK, variables, { token: resident.token });
    expect(linked.errors).toBeUndefined();
    expect(linked.data!.oidcLink).toBe(true);
    const account = await me(resident.token);
    expect(account).toMatchObject({ hasPassword: true, linkedProviders: ['franceconnect'] });

    // FranceConnect now opens that very account.
    expect((await me(await logInThrough('FRANCECONNECT', sub)))!.id).toBe(account!.id);

    // Another account cannot take the same identity.
    const intruder = await signUpResident(api, 'Intrus');
    const again = await start('FRANCECONNECT');
    const againCallback = await fc.logIn(again.authorizationUrl, sub);
    const refused = await graphql(
      api,
      LINK,
      { provider: 'FRANCECONNECT', callbackUrl: againCallback, state: again.state, nonce: again.nonce, codeVerifier: again.codeVerifier },
      { token: intruder.token },
    );
    expect(refused.errors![0]).toMatchObject({ message: 'Cette identité est déjà liée à un autre compte.', extensions: { code: 'BAD_USER_INPUT' } });
    expect((await me(intruder.token))!.linkedProviders).toEqual([]);
  });

  it('refuses return addresses outside the allow-list (no open redirect)', async () => {
    for (const redirectUri of [
      'https://evil.example/connexion/franceconnect/retour',
      `${PUBLIC_URL}/connexion/franceconnect/retour/../../ailleurs`,
      `${PUBLIC_URL}/connexion/franceconnect/retour?next=https://evil.example`,
      `${PUBLIC_URL}.evil.example/connexion/franceconnect/retour`,
      PC_RETURN,
    ]) {
      const result = await graphql(api, START, { provider: 'FRANCECONNECT', redirectUri });
      expect(result.errors![0]!.extensions, redirectUri).toMatchObject({ code: 'BAD_USER_INPUT', fields: [{ field: 'redirectUri' }] });
    }
    const started = await start('FRANCECONNECT');
    const callbackUrl = new URL(await fc.logIn(started.authorizationUrl, newSub()));
    const elsewhere = `https://evil.example/connexion/franceconnect/retour${callbackUrl.search}`;
    const result = await complete('FRANCECONNECT', started, elsewhere);
    expect(result.errors![0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: [{ field: 'callbackUrl' }] });
  });
});

describe('identity providers switched off or out of reach', () => {
  let api: NestFastifyApplication;
  const saved = { ...process.env };

  beforeAll(async () => {
    for (const name of Object.keys(process.env)) if (/^(FRANCECONNECT|PROCONNECT)_/.test(name)) delete process.env[name];
    // FranceConnect configured towards a port nobody listens on; ProConnect not configured at all.
    const closed = net.createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const { port } = closed.address() as net.AddressInfo;
    await new Promise((resolve) => closed.close(resolve));
    Object.assign(process.env, {
      PUBLIC_URL,
      FRANCECONNECT_ISSUER: `http://127.0.0.1:${port}/api/v2`,
      FRANCECONNECT_CLIENT_ID: 'pit',
      FRANCECONNECT_CLIENT_SECRET: 'secret',
    });
    api = await startApi();
  });
  afterAll(async () => {
    await api?.close();
    restoreEnv(saved);
  });

  it('answers PROVIDER_DISABLED, in French, for a provider without client id and secret', async () => {
    const result = await graphql(api, START, { provider: 'PROCONNECT', redirectUri: PC_RETURN });
    expect(result.errors![0]).toMatchObject({ message: "La connexion avec ProConnect n'est pas disponible sur ce site.", extensions: { code: 'PROVIDER_DISABLED' } });
  });

  it('answers PROVIDER_UNAVAILABLE when the provider does not answer', async () => {
    const result = await graphql(api, START, { provider: 'FRANCECONNECT', redirectUri: FC_RETURN });
    expect(result.errors![0]).toMatchObject({
      message: 'FranceConnect ne répond pas pour le moment. Réessayez dans quelques minutes.',
      extensions: { code: 'PROVIDER_UNAVAILABLE' },
    });
  });
});

function restoreEnv(saved: NodeJS.ProcessEnv): void {
  for (const name of Object.keys(process.env)) if (!(name in saved)) delete process.env[name];
  Object.assign(process.env, saved);
}

// A real OpenID Connect provider on loopback, shaped like FranceConnect v2 (DOMAIN.md §4) or
// ProConnect: issuer http://127.0.0.1:<random port>/api/v2 with /authorize, /token, /userinfo (a JWT
// signed ES256), /session/end and /jwks, acr eidas1, a login page and a consent page in plain HTML
// forms. Tests drive it over HTTP (logIn, endSession below); a browser can use the same forms.
// Plain JavaScript so that both the integration tests (vitest) and the e2e services (node, which cannot
// run TypeScript) use this one module; its types are in oidc-provider.d.mts.
import crypto from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
// oidc-provider ships no types; the few members used here are typed below.
// @ts-expect-error -- untyped package
import Provider from 'oidc-provider';

export type TestIdentityProviderKind = 'franceconnect' | 'proconnect';

export type Claims = Record<string, string>;

/** How the provider misbehaves for negative tests; 'signed' is the normal FranceConnect answer. */
export type UserinfoMode = 'signed' | 'altered' | 'unsigned';

export interface TestIdentityProvider {
  kind: TestIdentityProviderKind;
  issuer: string;
  clientId: string;
  clientSecret: string;
  /** The environment the api reads (FRANCECONNECT_* or PROCONNECT_*). */
  env: Record<string, string>;
  /** People known to the provider, by sub; an unknown sub logs in with generated claims. */
  users: Map<string, Claims>;
  /** Alterations for negative tests; reset() puts them back. */
  behaviour: { userinfo: UserinfoMode; acr: string };
  reset(): void;
  /**
   * Logs `sub` in headlessly: follows the redirects from the authorization URL, posts the login and
   * consent forms, and returns the URL the provider sends the browser back to (code and state).
   */
  logIn(authorizationUrl: string, sub: string, options?: { cancel?: boolean }): Promise<string>;
  /** Visits the end-session URL, confirms the logout form, returns where the provider sends the browser. */
  endSession(logoutUrl: string): Promise<string>;
  close(): Promise<void>;
}

interface InteractionDetails {
  uid: string;
  prompt: { name: string; details: { missingOIDCScope?: string[]; missingOIDCClaims?: string[]; missingResourceScopes?: Record<string, string[]> } };
  params: Record<string, string>;
  session?: { accountId?: string };
  grantId?: string;
}

interface GrantLike {
  addOIDCScope(scope: string): void;
  addOIDCClaims(claims: string[]): void;
  addResourceScope(indicator: string, scope: string): void;
  save(): Promise<string>;
}

interface ProviderLike {
  callback(): (req: http.IncomingMessage, res: http.ServerResponse) => void;
  use(middleware: (ctx: KoaContext, next: () => Promise<void>) => Promise<void>): void;
  interactionDetails(req: http.IncomingMessage, res: http.ServerResponse): Promise<InteractionDetails>;
  interactionFinished(req: http.IncomingMessage, res: http.ServerResponse, result: object, options?: { mergeWithLastSubmission?: boolean }): Promise<void>;
  Grant: { new (init: { accountId: string; clientId: string }): GrantLike; find(id: string): Promise<GrantLike | undefined> };
}

interface KoaContext {
  path: string;
  body: unknown;
  type: string;
  status: number;
}

const SHAPES: Record<TestIdentityProviderKind, { prefix: string; scopes: Record<string, string[]>; callbackPath: string; defaults: (sub: string) => Claims }> = {
  franceconnect: {
    prefix: 'FRANCECONNECT',
    scopes: {
      given_name: ['given_name'],
      family_name: ['family_name'],
      email: ['email'],
      preferred_username: ['preferred_username'],
      birthdate: ['birthdate'],
    },
    callbackPath: '/connexion/franceconnect/retour',
    defaults: (sub) => ({ given_name: 'Angela Claire Louise', family_name: 'Dubois', email: `${sub}@fc.example`, preferred_username: '', birthdate: '1962-08-24' }),
  },
  proconnect: {
    prefix: 'PROCONNECT',
    scopes: { given_name: ['given_name'], usual_name: ['usual_name'], email: ['email'], uid: ['uid'], siret: ['siret'] },
    callbackPath: '/connexion/proconnect/retour',
    defaults: (sub) => ({ given_name: 'Jean', usual_name: 'Agent', email: `${sub}@mairie.example`, uid: sub, siret: '21490007800012' }),
  },
};

export const POST_LOGOUT_PATH = '/deconnexion/retour';
export const MOUNT = '/api/v2';

/**
 * Starts a provider of the given shape whose one client returns to `publicUrl` (the web's origin).
 * Integration tests take a random port and credentials; the e2e services fix them (the launcher's
 * environment is written before the provider starts).
 */
export async function startTestIdentityProvider(
  kind: TestIdentityProviderKind,
  options: { publicUrl: string; port?: number; clientId?: string; clientSecret?: string },
): Promise<TestIdentityProvider> {
  const { publicUrl } = options;
  const shape = SHAPES[kind];
  const server = http.createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', resolve);
  });
  const { port } = server.address() as AddressInfo;
  const issuer = `http://127.0.0.1:${port}${MOUNT}`;
  const clientId = options.clientId ?? `pit-${kind}-${crypto.randomBytes(4).toString('hex')}`;
  const clientSecret = options.clientSecret ?? crypto.randomBytes(24).toString('base64url');
  const redirectUri = `${publicUrl}${shape.callbackPath}`;
  const users = new Map<string, Claims>();
  const behaviour = { userinfo: 'signed' as UserinfoMode, acr: 'eidas1' };

  const signingKey = crypto.generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({ format: 'jwk' });
  const provider: ProviderLike = new Provider(issuer, {
    clients: [
      {
        client_id: clientId,
        client_secret: clientSecret,
        redirect_uris: [redirectUri],
        post_logout_redirect_uris: [`${publicUrl}${POST_LOGOUT_PATH}`],
        response_types: ['code'],
        grant_types: ['authorization_code'],
        token_endpoint_auth_method: 'client_secret_post',
        id_token_signed_response_alg: 'ES256',
        userinfo_signed_response_alg: 'ES256',
      },
    ],
    jwks: { keys: [{ ...signingKey, kid: `${kind}-es256`, use: 'sig', alg: 'ES256' }] },
    acrValues: ['eidas1'],
    claims: { openid: ['sub'], acr: null, ...shape.scopes },
    scopes: ['openid', ...Object.keys(shape.scopes)],
    routes: { authorization: '/authorize', token: '/token', userinfo: '/userinfo', end_session: '/session/end', jwks: '/jwks' },
    cookies: { keys: [crypto.randomBytes(32).toString('hex')] },
    ttl: { AccessToken: 600, AuthorizationCode: 60, IdToken: 600, Grant: 600, Interaction: 600, Session: 3600 },
    features: {
      devInteractions: { enabled: false },
      jwtUserinfo: { enabled: true },
      rpInitiatedLogout: { enabled: true, logoutSource, postLogoutSuccessSource },
    },
    interactions: { url: (_ctx: unknown, interaction: { uid: string }) => `${MOUNT}/interaction/${interaction.uid}` },
    findAccount: (_ctx: unknown, sub: string) => ({
      accountId: sub,
      claims: () => ({ sub, ...shape.defaults(sub), ...users.get(sub) }),
    }),
    renderError: (ctx: KoaContext, out: Record<string, string>) => {
      ctx.type = 'html';
      ctx.body = page('Erreur', `<h1>Erreur</h1><p>${escape(out.error ?? '')}: ${escape(out.error_description ?? '')}</p>`);
    },
  });

  // Negative tests: a userinfo altered after signing, or sent unsigned.
  provider.use(async (ctx, next) => {
    await next();
    if (ctx.path !== '/userinfo' || ctx.status !== 200 || behaviour.userinfo === 'signed' || typeof ctx.body !== 'string') return;
    const [header, payload, signature] = ctx.body.split('.');
    const claims = JSON.parse(Buffer.from(payload!, 'base64url').toString('utf8')) as Claims;
    if (behaviour.userinfo === 'altered') {
      ctx.body = [header, Buffer.from(JSON.stringify({ ...claims, given_name: 'Usurpateur' })).toString('base64url'), signature].join('.');
    } else {
      ctx.body = claims;
      ctx.type = 'application/json';
    }
  });

  const callback = provider.callback();
  server.on('request', (req: http.IncomingMessage, res: http.ServerResponse) => {
    route(req, res).catch((error: unknown) => {
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' });
      res.end(String(error));
    });
  });

  async function route(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', issuer);
    if (!url.pathname.startsWith(MOUNT)) {
      res.writeHead(404).end();
      return;
    }
    const interaction = /^\/api\/v2\/interaction\/([\w-]+)(?:\/(login|confirm|abort))?$/.exec(url.pathname);
    if (interaction) return interact(req, res, interaction[1]!, interaction[2] ?? null);
    // Mounted under /api/v2 as FranceConnect is: oidc-provider reads the mount path from originalUrl.
    Object.assign(req, { originalUrl: req.url, url: req.url!.slice(MOUNT.length) || '/' });
    callback(req, res);
  }

  async function interact(req: http.IncomingMessage, res: http.ServerResponse, uid: string, action: string | null): Promise<void> {
    const details = await provider.interactionDetails(req, res);
    if (details.uid !== uid) throw new Error('interaction mismatch');
    if (req.method === 'GET' && action === null) {
      const base = `${MOUNT}/interaction/${uid}`;
      const body =
        details.prompt.name === 'login'
          ? `<h1>Connexion (${kind})</h1>
             <form method="post" action="${base}/login">
               <label for="login">Identifiant</label> <input id="login" name="login" autocomplete="username" required>
               <button type="submit">Se connecter</button>
             </form>
             <form method="post" action="${base}/abort"><button type="submit">Annuler</button></form>`
          : `<h1>Transmission de vos données</h1>
             <p>Le service demande : ${escape(details.params.scope ?? '')}</p>
             <form method="post" action="${base}/confirm"><button type="submit">Continuer</button></form>
             <form method="post" action="${base}/abort"><button type="submit">Annuler</button></form>`;
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
      res.end(page('Connexion', body));
      return;
    }
    if (req.method !== 'POST') {
      res.writeHead(405).end();
      return;
    }
    const form = new URLSearchParams(await readBody(req));
    if (action === 'abort') {
      await provider.interactionFinished(req, res, { error: 'access_denied', error_description: "L'usager a annulé." }, { mergeWithLastSubmission: false });
    } else if (action === 'login' && details.prompt.name === 'login') {
      const accountId = form.get('login')?.trim();
      if (!accountId) throw new Error('login missing');
      await provider.interactionFinished(req, res, { login: { accountId, acr: behaviour.acr, amr: ['pwd'] } }, { mergeWithLastSubmission: false });
    } else if (action === 'confirm' && details.prompt.name === 'consent') {
      const { missingOIDCScope, missingOIDCClaims, missingResourceScopes } = details.prompt.details;
      const accountId = details.session!.accountId!;
      const grant = (details.grantId ? await provider.Grant.find(details.grantId) : undefined) ?? new provider.Grant({ accountId, clientId: details.params.client_id! });
      if (missingOIDCScope) grant.addOIDCScope(missingOIDCScope.join(' '));
      if (missingOIDCClaims) grant.addOIDCClaims(missingOIDCClaims);
      for (const [indicator, scopes] of Object.entries(missingResourceScopes ?? {})) grant.addResourceScope(indicator, scopes.join(' '));
      const grantId = await grant.save();
      await provider.interactionFinished(req, res, { consent: { grantId } }, { mergeWithLastSubmission: true });
    } else {
      throw new Error(`unexpected ${action} during ${details.prompt.name}`);
    }
  }

  return {
    kind,
    issuer,
    clientId,
    clientSecret,
    env: { [`${shape.prefix}_ISSUER`]: issuer, [`${shape.prefix}_CLIENT_ID`]: clientId, [`${shape.prefix}_CLIENT_SECRET`]: clientSecret },
    users,
    behaviour,
    reset() {
      behaviour.userinfo = 'signed';
      behaviour.acr = 'eidas1';
    },
    async logIn(authorizationUrl, sub, { cancel = false } = {}) {
      const browser = new HeadlessBrowser();
      let response = await browser.go(authorizationUrl);
      for (let step = 0; step < 10; step++) {
        if (response.location?.startsWith(redirectUri)) return response.location;
        if (response.location) {
          response = await browser.go(response.location);
          continue;
        }
        const actions = [...response.html.matchAll(/<form method="post" action="([^"]+)"/g)].map((match) => match[1]!);
        const next = actions.find((action) => (cancel ? action.endsWith('/abort') : !action.endsWith('/abort')));
        if (!next) throw new Error(`no form to post on ${response.url} (${response.status}): ${response.html.slice(0, 500)}`);
        response = await browser.go(new URL(next, response.url).href, next.endsWith('/login') ? { login: sub } : {});
      }
      throw new Error('too many steps at the provider');
    },
    async endSession(logoutUrl) {
      const browser = new HeadlessBrowser();
      const confirm = await browser.go(logoutUrl);
      if (confirm.location) return confirm.location;
      const action = /<form[^>]*action="([^"]+)"/.exec(confirm.html)?.[1];
      const xsrf = /name="xsrf" value="([^"]+)"/.exec(confirm.html)?.[1];
      if (!action || !xsrf) throw new Error(`no logout form on ${confirm.url} (${confirm.status}): ${confirm.html.slice(0, 500)}`);
      const done = await browser.go(new URL(action, confirm.url).href, { xsrf, logout: 'yes' });
      if (!done.location) throw new Error(`logout did not redirect (${done.status}): ${done.html.slice(0, 500)}`);
      return done.location;
    },
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** Starts both providers, for the api's environment: FranceConnect and ProConnect on two ports. */
export async function startTestIdentityProviders({ publicUrl }: { publicUrl: string }): Promise<{
  franceConnect: TestIdentityProvider;
  proConnect: TestIdentityProvider;
  env: Record<string, string>;
  close(): Promise<void>;
}> {
  const [franceConnect, proConnect] = await Promise.all([
    startTestIdentityProvider('franceconnect', { publicUrl }),
    startTestIdentityProvider('proconnect', { publicUrl }),
  ]);
  return {
    franceConnect,
    proConnect,
    env: { ...franceConnect.env, ...proConnect.env },
    close: async () => {
      await Promise.all([franceConnect.close(), proConnect.close()]);
    },
  };
}

/** Just enough of a browser: a cookie jar, manual redirects, urlencoded form posts. */
class HeadlessBrowser {
  private readonly cookies = new Map<string, string>();

  async go(url: string, form?: Record<string, string>): Promise<{ url: string; status: number; location: string | null; html: string }> {
    const headers: Record<string, string> = { accept: 'text/html' };
    if (this.cookies.size) headers.cookie = [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; ');
    if (form) headers['content-type'] = 'application/x-www-form-urlencoded';
    const response = await fetch(url, { method: form ? 'POST' : 'GET', headers, body: form ? new URLSearchParams(form).toString() : undefined, redirect: 'manual' });
    for (const line of response.headers.getSetCookie()) {
      const [pair, ...attributes] = line.split(';');
      const index = pair!.indexOf('=');
      const name = pair!.slice(0, index).trim();
      const value = pair!.slice(index + 1).trim();
      const expired = attributes.some((attribute) => /^\s*(max-age=0|expires=thu, 01 jan 1970)/i.test(attribute));
      if (!value || expired) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
    const location = response.headers.get('location');
    return { url, status: response.status, location: location ? new URL(location, url).href : null, html: await response.text() };
  }
}

async function logoutSource(ctx: KoaContext, form: string): Promise<void> {
  ctx.type = 'html';
  ctx.body = page(
    'Déconnexion',
    `<h1>Se déconnecter ?</h1>${form}
     <button type="submit" form="op.logoutForm" name="logout" value="yes">Oui, me déconnecter</button>
     <button type="submit" form="op.logoutForm">Non, rester connecté</button>`,
  );
}

async function postLogoutSuccessSource(ctx: KoaContext): Promise<void> {
  ctx.type = 'html';
  ctx.body = page('Déconnecté', '<h1>Vous êtes déconnecté.</h1>');
}

function page(title: string, body: string): string {
  return `<!doctype html><html lang="fr"><head><meta charset="utf-8"><title>${title}</title></head><body><main>${body}</main></body></html>`;
}

function escape(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

async function readBody(req: http.IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

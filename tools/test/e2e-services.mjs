#!/usr/bin/env node
// The e2e tier's outside world, on loopback, as one process (the first Playwright webServer entry):
//
//   node tools/test/e2e-services.mjs --public-url http://localhost:3100
//
//   SMTP sink           smtp://127.0.0.1:<base>       (the stack's SMTP_URL)
//   mailbox over HTTP   http://127.0.0.1:<base + 1>   GET /health → 200; GET /mails?to=<address> → [{ to, subject, text }]
//   FranceConnect-like  http://127.0.0.1:<base + 2>/api/v2
//   ProConnect-like     http://127.0.0.1:<base + 3>/api/v2
//
// <base> is PIT_E2E_SERVICES_PORT (2526). Ports and client credentials are fixed, so that the launcher's
// environment can be written in e2e/playwright.config.ts before either process starts (servicesEnv below,
// mirrored there). Plain JavaScript: node 20 cannot run tools/test/*.ts, and the helpers there listen on
// random ports. The providers have the shape of tools/test/oidc-provider.ts (same claims, login and
// consent forms, rp-initiated logout), with the redirect URIs of --public-url (the e2e baseURL).
import crypto from 'node:crypto';
import http from 'node:http';
import { SMTPServer } from 'smtp-server';
import { simpleParser } from 'mailparser';
// oidc-provider warns about node 20 and its in-memory adapter on every start: expected here, not news.
const warn = console.warn;
console.warn = (...args) => (String(args[0]).startsWith('oidc-provider WARNING') ? undefined : warn(...args));
const { default: Provider } = await import('oidc-provider');

const MOUNT = '/api/v2';
const POST_LOGOUT_PATH = '/deconnexion/retour';

const SHAPES = {
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

/** The environment the stack needs to use these services (also written in e2e/playwright.config.ts). */
export function servicesEnv(base = 2526) {
  return {
    SMTP_URL: `smtp://127.0.0.1:${base}`,
    FRANCECONNECT_ISSUER: `http://127.0.0.1:${base + 2}${MOUNT}`,
    FRANCECONNECT_CLIENT_ID: 'pit-e2e-franceconnect',
    FRANCECONNECT_CLIENT_SECRET: 'pit-e2e-franceconnect-secret-0123456789',
    PROCONNECT_ISSUER: `http://127.0.0.1:${base + 3}${MOUNT}`,
    PROCONNECT_CLIENT_ID: 'pit-e2e-proconnect',
    PROCONNECT_CLIENT_SECRET: 'pit-e2e-proconnect-secret-0123456789',
  };
}

function page(title, body) {
  return `<!doctype html><html lang="fr"><head><meta charset="utf-8"><title>${title}</title></head><body><main>${body}</main></body></html>`;
}

function escape(text) {
  return String(text).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

async function readBody(req) {
  const chunks = [];
  for await (const chunk of req) chunks.push(chunk);
  return Buffer.concat(chunks).toString('utf8');
}

function listen(server, port) {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
}

async function startProvider(kind, { port, publicUrl, clientId, clientSecret }) {
  const shape = SHAPES[kind];
  const issuer = `http://127.0.0.1:${port}${MOUNT}`;
  const signingKey = crypto.generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({ format: 'jwk' });
  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: clientId,
        client_secret: clientSecret,
        redirect_uris: [`${publicUrl}${shape.callbackPath}`],
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
      rpInitiatedLogout: {
        enabled: true,
        logoutSource: async (ctx, form) => {
          ctx.type = 'html';
          ctx.body = page(
            'Déconnexion',
            `<h1>Se déconnecter ?</h1>${form}
             <button type="submit" form="op.logoutForm" name="logout" value="yes">Oui, me déconnecter</button>
             <button type="submit" form="op.logoutForm">Non, rester connecté</button>`,
          );
        },
        postLogoutSuccessSource: async (ctx) => {
          ctx.type = 'html';
          ctx.body = page('Déconnecté', '<h1>Vous êtes déconnecté.</h1>');
        },
      },
    },
    interactions: { url: (_ctx, interaction) => `${MOUNT}/interaction/${interaction.uid}` },
    findAccount: (_ctx, sub) => ({ accountId: sub, claims: () => ({ sub, ...shape.defaults(sub) }) }),
    renderError: (ctx, out) => {
      ctx.type = 'html';
      ctx.body = page('Erreur', `<h1>Erreur</h1><p>${escape(out.error ?? '')}: ${escape(out.error_description ?? '')}</p>`);
    },
  });

  async function interact(req, res, uid, action) {
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
      await provider.interactionFinished(req, res, { login: { accountId, acr: 'eidas1', amr: ['pwd'] } }, { mergeWithLastSubmission: false });
    } else if (action === 'confirm' && details.prompt.name === 'consent') {
      const { missingOIDCScope, missingOIDCClaims, missingResourceScopes } = details.prompt.details;
      const accountId = details.session.accountId;
      const grant = (details.grantId ? await provider.Grant.find(details.grantId) : undefined) ?? new provider.Grant({ accountId, clientId: details.params.client_id });
      if (missingOIDCScope) grant.addOIDCScope(missingOIDCScope.join(' '));
      if (missingOIDCClaims) grant.addOIDCClaims(missingOIDCClaims);
      for (const [indicator, scopes] of Object.entries(missingResourceScopes ?? {})) grant.addResourceScope(indicator, scopes.join(' '));
      const grantId = await grant.save();
      await provider.interactionFinished(req, res, { consent: { grantId } }, { mergeWithLastSubmission: true });
    } else {
      throw new Error(`unexpected ${action} during ${details.prompt.name}`);
    }
  }

  const callback = provider.callback();
  const server = http.createServer((req, res) => {
    (async () => {
      const url = new URL(req.url ?? '/', issuer);
      if (!url.pathname.startsWith(MOUNT)) return void res.writeHead(404).end();
      const interaction = /^\/api\/v2\/interaction\/([\w-]+)(?:\/(login|confirm|abort))?$/.exec(url.pathname);
      if (interaction) return interact(req, res, interaction[1], interaction[2] ?? null);
      Object.assign(req, { originalUrl: req.url, url: req.url.slice(MOUNT.length) || '/' });
      callback(req, res);
    })().catch((error) => {
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' });
      res.end(String(error));
    });
  });
  await listen(server, port);
  return server;
}

async function main() {
  const argv = process.argv.slice(2);
  const at = argv.indexOf('--public-url');
  const publicUrl = (at >= 0 ? argv[at + 1] : process.env.PUBLIC_URL || 'http://localhost:3100').replace(/\/+$/, '');
  const base = Number(process.env.PIT_E2E_SERVICES_PORT || 2526);
  const env = servicesEnv(base);

  /** @type {{ to: string, subject: string, text: string, at: string }[]} */
  const mails = [];
  const smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData: (stream, session, callback) => {
      simpleParser(stream)
        .then((mail) => {
          for (const recipient of session.envelope.rcptTo) {
            mails.push({ to: recipient.address.toLowerCase(), subject: mail.subject ?? '', text: mail.text ?? '', at: new Date().toISOString() });
          }
          callback();
        })
        .catch(callback);
    },
  });
  await listen(smtp, base);

  const mailbox = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (url.pathname === '/health') return void res.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
    if (url.pathname === '/mails') {
      const to = url.searchParams.get('to')?.toLowerCase();
      const list = to ? mails.filter((m) => m.to === to) : mails;
      return void res.writeHead(200, { 'content-type': 'application/json; charset=utf-8' }).end(JSON.stringify(list));
    }
    res.writeHead(404).end();
  });

  const servers = [
    await startProvider('franceconnect', { port: base + 2, publicUrl, clientId: env.FRANCECONNECT_CLIENT_ID, clientSecret: env.FRANCECONNECT_CLIENT_SECRET }),
    await startProvider('proconnect', { port: base + 3, publicUrl, clientId: env.PROCONNECT_CLIENT_ID, clientSecret: env.PROCONNECT_CLIENT_SECRET }),
  ];
  // Last: Playwright waits for /health, so everything else is listening when it answers.
  await listen(mailbox, base + 1);
  console.log(`e2e services: SMTP ${env.SMTP_URL}, mailbox http://127.0.0.1:${base + 1}, FranceConnect ${env.FRANCECONNECT_ISSUER}, ProConnect ${env.PROCONNECT_ISSUER} (public URL ${publicUrl})`);

  const stop = () => {
    for (const server of [mailbox, ...servers]) {
      server.closeAllConnections?.();
      server.close();
    }
    smtp.close(() => process.exit(0));
    setTimeout(() => process.exit(0), 2000).unref();
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  main().catch((error) => {
    console.error(error);
    process.exit(1);
  });
}

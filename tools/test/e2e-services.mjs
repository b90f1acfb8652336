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
// mirrored there). The providers are tools/test/oidc-provider.mjs (the integration tests' provider),
// on fixed ports and credentials, with the redirect URIs of --public-url (the e2e baseURL).
import http from 'node:http';
import { SMTPServer } from 'smtp-server';
import { simpleParser } from 'mailparser';
// oidc-provider warns about node 20 and its in-memory adapter on every start: expected here, not news.
const warn = console.warn;
console.warn = (...args) => (String(args[0]).startsWith('oidc-provider WARNING') ? undefined : warn(...args));
const { MOUNT, startTestIdentityProvider } = await import('./oidc-provider.mjs');

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

function listen(server, port) {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
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

  const providers = [
    await startTestIdentityProvider('franceconnect', { port: base + 2, publicUrl, clientId: env.FRANCECONNECT_CLIENT_ID, clientSecret: env.FRANCECONNECT_CLIENT_SECRET }),
    await startTestIdentityProvider('proconnect', { port: base + 3, publicUrl, clientId: env.PROCONNECT_CLIENT_ID, clientSecret: env.PROCONNECT_CLIENT_SECRET }),
  ];
  // Last: Playwright waits for /health, so everything else is listening when it answers.
  await listen(mailbox, base + 1);
  console.log(`e2e services: SMTP ${env.SMTP_URL}, mailbox http://127.0.0.1:${base + 1}, FranceConnect ${env.FRANCECONNECT_ISSUER}, ProConnect ${env.PROCONNECT_ISSUER} (public URL ${publicUrl})`);

  const stop = () => {
    mailbox.closeAllConnections?.();
    mailbox.close();
    for (const provider of providers) void provider.close();
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

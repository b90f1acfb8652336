// A private stack for running tools/fault/fuzz.mjs on its own (`node tools/fault/fuzz.mjs`): the built
// api, worker and web (started as the launcher starts them; run `node tools/build.mjs` first) against a
// scratch database on the machine's PostgreSQL and a queue prefix on its Redis, plus an SMTP sink in this
// process that keeps every message (text and HTML).
//
//   FUZZ_DATABASE_URL (postgres://postgres@127.0.0.1:5432/pit_h5_fuzz, created when missing)
//   FUZZ_REDIS_URL (redis://127.0.0.1:6379)   FUZZ_STACK_LOG (a file for the stack's output)
import { spawn } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { anyFreePort, waitForHttp } from '../lib/net.mjs';
import { childExited, stopChild } from '../lib/procs.mjs';
import { startSmtpSink } from './lib/smtp-sink.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

async function ensureDatabase(url) {
  const target = new URL(url);
  const name = target.pathname.slice(1);
  const admin = new URL(url);
  admin.pathname = '/postgres';
  const client = new pg.Client({ connectionString: admin.toString() });
  await client.connect();
  try {
    const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (!rowCount) await client.query(`CREATE DATABASE "${name.replace(/"/g, '')}"`);
  } finally {
    await client.end();
  }
}

/** Starts the stack; resolves { apiUrls, webUrl, databaseUrl, webApiKey, smtpMessages, stop }. */
export async function startFuzzStack({ log = console.log } = {}) {
  const databaseUrl = process.env.FUZZ_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/pit_h5_fuzz';
  await ensureDatabase(databaseUrl);
  const smtp = await startSmtpSink(await anyFreePort());
  const smtpMessages = smtp.messages;
  const [webPort, apiPort] = [await anyFreePort(), await anyFreePort()];
  const webUrl = `http://127.0.0.1:${webPort}`;
  const webApiKey = crypto.randomBytes(18).toString('base64url');
  const env = {
    ...process.env,
    DATABASE_URL: databaseUrl,
    REDIS_URL: process.env.FUZZ_REDIS_URL || 'redis://127.0.0.1:6379',
    QUEUE_PREFIX: 'h5fuzz',
    PORT: String(webPort),
    API_PORT: String(apiPort),
    API_HOST: '127.0.0.1',
    HOST: '127.0.0.1',
    PUBLIC_URL: webUrl,
    ORIGIN: webUrl,
    SMTP_URL: smtp.url,
    WEB_API_KEY: webApiKey,
    PAPER_SUPPORT_SECRET: 'fuzz-paper-support-secret-0123456789abcdef',
    PUBLIC_API_REQUESTS_PER_MINUTE: '0',
    OPEN311_POSTS_PER_HOUR: '1000000',
    ANONYMOUS_SUBMISSIONS_PER_HOUR: '1000000',
    NODE_ENV: 'production',
  };
  // Migrations and seed, then api, worker and web. The web runs from a copy of apps/web/build: in the
  // shared working tree another build may replace its lazily loaded chunks while the fuzz runs.
  const tail = [];
  const logFile = process.env.FUZZ_STACK_LOG ? fs.createWriteStream(process.env.FUZZ_STACK_LOG) : null;
  const keep = (name) => (chunk) => {
    logFile?.write(String(chunk).replace(/^/gm, `[${name}] `));
    for (const line of String(chunk).split('\n')) if (line.trim()) tail.push(`[${name}] ${line}`), tail.length > 400 && tail.shift();
  };
  const run = (name, args, extraEnv = {}, cwd = root) => {
    const child = spawn(process.execPath, args, { cwd, env: { ...env, ...extraEnv }, stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout.on('data', keep(name));
    child.stderr.on('data', keep(name));
    return child;
  };
  const migrate = run('migrate', ['apps/api/dist/migrate.js']);
  const { code } = await childExited(migrate);
  if (code !== 0) throw new Error(`migrations failed:\n${tail.slice(-20).join('\n')}`);
  const webCopy = path.join(root, '.data', `fuzz-web-${process.pid}`);
  fs.rmSync(webCopy, { recursive: true, force: true });
  fs.mkdirSync(webCopy, { recursive: true });
  fs.cpSync(path.join(root, 'apps/web/build'), path.join(webCopy, 'build'), { recursive: true });
  fs.copyFileSync(path.join(root, 'apps/web/server.js'), path.join(webCopy, 'server.js'));
  fs.copyFileSync(path.join(root, 'apps/web/package.json'), path.join(webCopy, 'package.json'));
  const children = [run('api', ['apps/api/dist/main.js']), run('worker', ['apps/worker/dist/main.js'])];
  children.push(run('web', ['server.js'], { API_URL: `http://127.0.0.1:${apiPort}` }, webCopy));
  const crashed = Promise.race(children.map((c) => childExited(c))).then(() => {
    throw new Error(`a process of the stack exited before it was ready:\n${tail.slice(-30).join('\n')}`);
  });
  await Promise.race([
    (async () => {
      await waitForHttp(`http://127.0.0.1:${apiPort}/health`, { timeoutMs: 90_000 });
      await waitForHttp(`${webUrl}/`, { timeoutMs: 90_000 });
    })(),
    crashed,
  ]);
  crashed.catch(() => {});
  log(`fuzz stack ready: web ${webUrl}, api http://127.0.0.1:${apiPort}, database ${databaseUrl}`);
  return {
    apiUrls: [`http://127.0.0.1:${apiPort}`],
    webUrl,
    databaseUrl,
    webApiKey,
    smtpMessages,
    logTail: tail,
    async stop() {
      await Promise.all(children.map((c) => stopChild(c, 'SIGTERM', 15_000)));
      fs.rmSync(webCopy, { recursive: true, force: true });
      await smtp.stop();
    },
  };
}

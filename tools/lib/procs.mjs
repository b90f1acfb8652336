// Process helpers for the launcher (Linux /proc based, with portable fallbacks).
import fs from 'node:fs';
import path from 'node:path';

/** True when a process with this pid exists (EPERM counts as alive). */
export function isAlive(pid) {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return err.code === 'EPERM';
  }
}

/** A zombie still answers kill(pid, 0); treat it as gone. */
export function isRunning(pid) {
  if (!isAlive(pid)) return false;
  const stat = readStat(pid);
  return !stat || stat.state !== 'Z';
}

/** Parses /proc/<pid>/stat: { state, ppid } or null. */
export function readStat(pid) {
  try {
    return parseStat(fs.readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return null;
  }
}

/** Pure: the fields of a /proc/<pid>/stat line that we use. */
export function parseStat(text) {
  // The command name (field 2) is in parentheses and may itself contain spaces or ')'.
  const end = text.lastIndexOf(')');
  if (end < 0) return null;
  const rest = text.slice(end + 2).split(' ');
  return { state: rest[0], ppid: Number(rest[1]) };
}

/** The current parent pid, read fresh (process.ppid is fixed at start in Node 20). */
export function currentPpid() {
  const stat = readStat('self');
  return stat ? stat.ppid : process.ppid;
}

export function readCmdline(pid) {
  try {
    return fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean);
  } catch {
    return null;
  }
}

export function readCwd(pid) {
  try {
    return fs.readlinkSync(`/proc/${pid}/cwd`);
  } catch {
    return null;
  }
}

/** Pids of every process whose working directory is `dir` (PostgreSQL processes chdir into their data dir). */
export function pidsWithCwd(dir) {
  let real;
  try {
    real = fs.realpathSync(dir);
  } catch {
    return [];
  }
  let entries;
  try {
    entries = fs.readdirSync('/proc');
  } catch {
    return [];
  }
  const found = [];
  for (const name of entries) {
    if (!/^\d+$/.test(name)) continue;
    const pid = Number(name);
    if (pid === process.pid) continue;
    if (readCwd(pid) === real) found.push(pid);
  }
  return found;
}

export const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** Waits until the pid is gone; true if it exited within `timeoutMs`. */
export async function waitForExit(pid, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  while (isRunning(pid)) {
    if (Date.now() >= deadline) return false;
    await sleep(50);
  }
  return true;
}

/**
 * Sends each signal of `steps` in turn ([['SIGTERM', 10000], ['SIGKILL', 5000]]), waiting after each
 * for the process to exit. Returns the signal that ended it, or null if it was already gone.
 */
export async function terminatePid(pid, steps = [['SIGTERM', 10_000], ['SIGKILL', 5_000]]) {
  if (!isRunning(pid)) return null;
  for (const [signal, wait] of steps) {
    try {
      process.kill(pid, signal);
    } catch (err) {
      if (err.code === 'ESRCH') return signal;
      throw err;
    }
    if (await waitForExit(pid, wait)) return signal;
  }
  throw new Error(`process ${pid} did not exit after ${steps.map(([s]) => s).join(', ')}`);
}

/** Resolves with { code, signal } when a ChildProcess exits (immediately if it already has). */
export function childExited(child) {
  if (child.exitCode !== null || child.signalCode !== null) {
    return Promise.resolve({ code: child.exitCode, signal: child.signalCode });
  }
  return new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
}

/** Stops a ChildProcess: signal, wait, then SIGKILL. */
export async function stopChild(child, signal = 'SIGTERM', timeoutMs = 10_000) {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = childExited(child);
  try {
    child.kill(signal);
  } catch {
    /* already gone */
  }
  const timer = new Promise((resolve) => setTimeout(() => resolve('timeout'), timeoutMs));
  if ((await Promise.race([exited, timer])) === 'timeout') {
    try {
      child.kill('SIGKILL');
    } catch {
      /* already gone */
    }
    await exited;
  }
}

export function repoRoot() {
  return path.resolve(path.dirname(new URL(import.meta.url).pathname), '..', '..');
}

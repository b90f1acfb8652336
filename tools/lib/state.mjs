// What a running launcher records under .data/, so that the next one can clean up after a launcher
// that was SIGKILLed (its apps survive it and hold their ports).
import fs from 'node:fs';
import path from 'node:path';
import { isRunning, readCmdline, terminatePid } from './procs.mjs';

export function stateFile(dataRoot, port) {
  return path.join(dataRoot, `launcher-${port}.json`);
}

export function writeState(file, state) {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, JSON.stringify(state, null, 2) + '\n');
}

export function readState(file) {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch {
    return null;
  }
}

/** Pure: is `cmdline` (argv array) the same command as `recorded`? Guards against pid reuse. */
export function sameCommand(cmdline, recorded) {
  return Array.isArray(cmdline) && Array.isArray(recorded) && cmdline.length === recorded.length && cmdline.every((a, i) => a === recorded[i]);
}

/** Pure: does this argv look like a launcher? */
export function isLauncherCmdline(cmdline) {
  return Array.isArray(cmdline) && cmdline.some((a) => /(^|\/)tools\/launcher\.mjs$/.test(a));
}

/** Live launchers (other than us) recorded under dataRoot, with their state. */
export function otherLaunchers(dataRoot) {
  let names = [];
  try {
    names = fs.readdirSync(dataRoot).filter((n) => /^launcher-\d+\.json$/.test(n));
  } catch {
    return [];
  }
  const found = [];
  for (const n of names) {
    const file = path.join(dataRoot, n);
    const s = readState(file);
    if (!s || s.pid === process.pid) continue;
    if (isRunning(s.pid) && isLauncherCmdline(readCmdline(s.pid))) found.push({ file, ...s });
  }
  return found;
}

/** Stops the children recorded in a dead launcher's state file; returns how many were stopped. */
export async function reapOrphans(file, log) {
  const s = readState(file);
  if (!s) return 0;
  if (s.pid !== process.pid && isRunning(s.pid) && isLauncherCmdline(readCmdline(s.pid))) {
    throw new Error(`another launcher (pid ${s.pid}) is running with the same PORT: stop it first`);
  }
  let n = 0;
  for (const c of s.children ?? []) {
    if (!isRunning(c.pid) || !sameCommand(readCmdline(c.pid), c.argv)) continue;
    log(`stopping ${c.name} (pid ${c.pid}) left running by an earlier launcher`);
    await terminatePid(c.pid, [
      ['SIGTERM', 10_000],
      ['SIGKILL', 5_000],
    ]).catch(() => undefined);
    n++;
  }
  fs.rmSync(file, { force: true });
  return n;
}

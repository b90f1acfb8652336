// "Is this build output older than its sources?" using modification times and a stamp per target.
import fs from 'node:fs';
import path from 'node:path';

const SKIP_DIRS = new Set(['node_modules', 'dist', 'build', '.svelte-kit', '.git', '.data', 'test-results', 'coverage']);

/** Newest mtime (ms) under the given files/directories; 0 when none exist. Skips outputs and caches. */
export function newestMtime(paths) {
  let newest = 0;
  let newestPath = null;
  const visit = (p) => {
    let st;
    try {
      st = fs.statSync(p);
    } catch {
      return;
    }
    if (st.isDirectory()) {
      if (SKIP_DIRS.has(path.basename(p))) return;
      for (const name of fs.readdirSync(p)) visit(path.join(p, name));
    } else if (!p.endsWith('.tsbuildinfo') && st.mtimeMs > newest) {
      newest = st.mtimeMs;
      newestPath = p;
    }
  };
  for (const p of paths) visit(p);
  return { mtimeMs: newest, path: newestPath };
}

/** The `src` directories (and config files) of every workspace lib under libs/. */
export function libSources(root) {
  const out = [];
  const walk = (dir, depth) => {
    if (depth > 3) return;
    let names;
    try {
      names = fs.readdirSync(dir);
    } catch {
      return;
    }
    if (names.includes('package.json')) {
      for (const n of ['src', 'package.json', 'tsconfig.json', 'tsconfig.build.json']) out.push(path.join(dir, n));
      return;
    }
    for (const n of names) if (!SKIP_DIRS.has(n)) walk(path.join(dir, n), depth + 1);
  };
  walk(path.join(root, 'libs'), 0);
  return out;
}

/**
 * Pure: decide whether a target must be built.
 * stamp: { sourcesMtimeMs } recorded when the last successful build started, or null.
 */
export function needsBuild({ force, outputsExist, stamp, sourcesMtimeMs }) {
  if (force) return { build: true, reason: '--force' };
  if (!outputsExist) return { build: true, reason: 'not built' };
  if (!stamp || typeof stamp.sourcesMtimeMs !== 'number') return { build: true, reason: 'no build stamp' };
  if (sourcesMtimeMs > stamp.sourcesMtimeMs) return { build: true, reason: 'sources changed' };
  return { build: false, reason: 'up to date' };
}

export function readStamp(file) {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch {
    return null;
  }
}

export function writeStamp(file, data) {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, JSON.stringify({ ...data, builtAt: new Date().toISOString() }, null, 2) + '\n');
}

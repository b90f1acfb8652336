#!/usr/bin/env node
// Production build of what is missing or stale.
//
//   node tools/build.mjs [--force] [--quiet] [--only server|web]...
//   --quiet: print the compilers' output only when a build fails
//
// Targets:
//   server  tsc -b apps/api apps/worker   (libs + apps → */dist; project references)
//   web     npm -w @pit/web run build      (vite build → apps/web/build)
// A target is rebuilt when its outputs are missing, when it has no stamp (.data/build/<target>.json),
// or when the newest source file is newer than the one recorded at the last successful build.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { newestMtime, libSources, needsBuild, readStamp, writeStamp } from './lib/freshness.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const r = (...p) => path.join(root, ...p);

export function targets() {
  const lock = r('package-lock.json');
  const base = [r('tsconfig.base.json'), r('tsconfig.json'), lock];
  const appFiles = (app) => ['src', 'package.json', 'tsconfig.json', 'tsconfig.build.json'].map((f) => r('apps', app, f));
  return [
    {
      name: 'server',
      sources: [...base, ...appFiles('api'), ...appFiles('worker'), ...libSources(root)],
      outputs: [r('apps/api/dist/main.js'), r('apps/api/dist/migrate.js'), r('apps/worker/dist/main.js')],
      command: [process.execPath, [r('node_modules/typescript/bin/tsc'), '-b', 'apps/api', 'apps/worker']],
    },
    {
      name: 'web',
      sources: [
        lock,
        r('libs/shared/domain/src'),
        ...['src', 'static', 'svelte.config.js', 'vite.config.ts', 'vite.config.js', 'package.json', 'tsconfig.json'].map(
          (f) => r('apps/web', f),
        ),
      ],
      outputs: [r('apps/web/build/index.js')],
      command: ['npm', ['-w', '@pit/web', 'run', 'build']],
    },
  ];
}

function run([cmd, args], name, quiet) {
  return new Promise((resolve, reject) => {
    // --quiet: keep the compiler's output, show it only if the build fails
    const child = spawn(cmd, args, { cwd: root, stdio: quiet ? ['ignore', 'pipe', 'pipe'] : 'inherit' });
    const captured = [];
    if (quiet) for (const s of [child.stdout, child.stderr]) s.on('data', (d) => captured.push(d));
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      if (code === 0) return resolve();
      if (quiet) process.stderr.write(Buffer.concat(captured));
      reject(new Error(`${name} build failed (${signal ?? `exit ${code}`})`));
    });
  });
}

export async function build({ force = false, only = [], quiet = false } = {}) {
  let built = 0;
  for (const t of targets()) {
    if (only.length && !only.includes(t.name)) continue;
    const stampFile = r('.data/build', `${t.name}.json`);
    const { mtimeMs, path: newest } = newestMtime(t.sources);
    const decision = needsBuild({
      force,
      outputsExist: t.outputs.every((o) => fs.existsSync(o)),
      stamp: readStamp(stampFile),
      sourcesMtimeMs: mtimeMs,
    });
    if (!decision.build) {
      console.log(`[build] ${t.name}: up to date`);
      continue;
    }
    const why = decision.reason === 'sources changed' && newest ? `${decision.reason}: ${path.relative(root, newest)}` : decision.reason;
    console.log(`[build] ${t.name}: building (${why})`);
    const t0 = Date.now();
    await run(t.command, t.name, quiet);
    const missing = t.outputs.filter((o) => !fs.existsSync(o));
    if (missing.length) throw new Error(`${t.name} build produced no ${missing.map((m) => path.relative(root, m)).join(', ')}`);
    writeStamp(stampFile, { sourcesMtimeMs: mtimeMs });
    console.log(`[build] ${t.name}: done in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
    built++;
  }
  return built;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const argv = process.argv.slice(2);
  const only = [];
  let force = false;
  let quiet = false;
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--force') force = true;
    else if (argv[i] === '--quiet') quiet = true;
    else if (argv[i] === '--only') only.push(argv[++i]);
    else if (argv[i] === '-h' || argv[i] === '--help') {
      console.log('usage: node tools/build.mjs [--force] [--quiet] [--only server|web]...');
      process.exit(0);
    } else {
      console.error(`unknown argument: ${argv[i]}`);
      process.exit(2);
    }
  }
  const known = targets().map((t) => t.name);
  const bad = only.filter((o) => !known.includes(o));
  if (bad.length) {
    console.error(`unknown target(s): ${bad.join(', ')} (known: ${known.join(', ')})`);
    process.exit(2);
  }
  build({ force, only, quiet }).catch((err) => {
    console.error(`[build] ${err.message}`);
    process.exit(1);
  });
}

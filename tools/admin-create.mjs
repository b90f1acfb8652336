#!/usr/bin/env node
// npm run admin:create -- --email <address> [--pseudonym <name>]
// With DATABASE_URL set, runs against it; otherwise against the embedded PostgreSQL of a running
// `npm start` (its port is in .data/launcher-<PORT>.json, its credentials in .data/pg).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { databaseUrl, readCredentials } from './lib/embedded-pg.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const env = { ...process.env };
if (!env.DATABASE_URL) {
  const states = fs.existsSync(path.join(root, '.data'))
    ? fs.readdirSync(path.join(root, '.data')).filter((name) => /^launcher-\d+\.json$/.test(name))
    : [];
  const state = states.map((name) => JSON.parse(fs.readFileSync(path.join(root, '.data', name), 'utf8'))).find((s) => s.embedded && s.pgPort);
  if (!state) {
    console.error('Aucune base trouvée : lancez `npm start` dans un autre terminal, ou définissez DATABASE_URL.');
    process.exit(1);
  }
  env.DATABASE_URL = databaseUrl({ ...readCredentials(path.join(root, '.data', 'pg')), port: state.pgPort, name: state.pgDatabase ?? 'pit' });
}
const build = spawnSync(process.execPath, [path.join(root, 'tools/build.mjs'), '--only', 'server', '--quiet'], { stdio: 'inherit', cwd: root });
if (build.status !== 0) process.exit(build.status ?? 1);
const run = spawnSync(process.execPath, [path.join(root, 'apps/api/dist/admin-create.js'), ...process.argv.slice(2)], { stdio: 'inherit', cwd: root, env });
process.exit(run.status ?? 1);

// Benchmark databases: named databases on the local PostgreSQL, migrated by the project's own migrations.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import pg from 'pg';
import { benchDir } from './results.mjs';

/** The server the benchmark databases live on (any database of it: the maintenance connection). */
export const SERVER_URL = process.env.BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

export function databaseUrl(name) {
  const url = new URL(SERVER_URL);
  url.pathname = `/${name}`;
  return url.toString();
}

/** The benchmark database named by the results label, e.g. pit_bench_10k. */
export function benchDatabase(label) {
  return `pit_bench_${label}`;
}

export async function databaseExists(name) {
  const client = new pg.Client({ connectionString: SERVER_URL });
  await client.connect();
  try {
    const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    return rowCount > 0;
  } finally {
    await client.end();
  }
}

/** Drops (if present) and creates the database, then runs `node apps/api/dist/migrate.js` on it (migrations + territory seed). */
export async function freshDatabase(name) {
  if (!/^[a-z0-9_]+$/.test(name)) throw new Error(`unexpected database name ${name}`);
  const client = new pg.Client({ connectionString: SERVER_URL });
  await client.connect();
  try {
    await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await client.query(`CREATE DATABASE ${name}`);
  } finally {
    await client.end();
  }
  const migrate = path.join(benchDir, '..', 'apps/api/dist/migrate.js');
  const result = spawnSync(process.execPath, [migrate], { env: { ...process.env, DATABASE_URL: databaseUrl(name) }, encoding: 'utf8' });
  if (result.status !== 0) {
    throw new Error(`migrate.js failed on ${name} (build the server first: flock /tmp/pit-build.lock node tools/build.mjs --only server):\n${result.stderr || result.stdout}`);
  }
}

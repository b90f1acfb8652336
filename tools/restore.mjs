#!/usr/bin/env node
// npm run restore -- <backup directory> [--storage-dir <dir>]
// Restores a backup written by tools/backup.mjs into the database DATABASE_URL, which must be new and
// empty (create it first: createdb …), and puts the files back into STORAGE_DIR (or --storage-dir;
// default .data/storage). Refuses a database that already holds tables, so nothing is overwritten.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import pg from 'pg';
import { findPgTool, serverMajor } from './lib/pg-tools.mjs';

function argument(name) {
  const index = process.argv.indexOf(name);
  return index === -1 ? undefined : process.argv[index + 1];
}

async function tableCount(databaseUrl) {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const { rows } = await client.query(
      `SELECT count(*)::int AS n FROM pg_tables WHERE schemaname NOT IN ('pg_catalog', 'information_schema')`,
    );
    return rows[0].n;
  } finally {
    await client.end();
  }
}

async function main() {
  const source = process.argv[2];
  if (!source || source.startsWith('--')) throw new Error('usage: npm run restore -- <backup directory> [--storage-dir <dir>]');
  const dir = resolve(source);
  const manifestFile = join(dir, 'manifest.json');
  if (!existsSync(manifestFile)) throw new Error(`${manifestFile} not found: not a backup written by tools/backup.mjs`);
  const manifest = JSON.parse(readFileSync(manifestFile, 'utf8'));
  const databaseUrl = process.env.DATABASE_URL;
  if (!databaseUrl) throw new Error('DATABASE_URL is not set: it names the new, empty database to restore into.');
  const tables = await tableCount(databaseUrl);
  if (tables > 0) throw new Error(`the target database already holds ${tables} table(s): restore into a new, empty database`);

  const major = await serverMajor(databaseUrl);
  const pgRestore = findPgTool('pg_restore', Math.max(major, manifest.postgresMajor ?? 0));
  execFileSync(pgRestore, ['--no-owner', '--no-privileges', '--exit-on-error', '--single-transaction', '--dbname', databaseUrl, join(dir, manifest.database.file)], {
    stdio: 'inherit',
  });

  if (manifest.storage?.driver === 'disk') {
    const storageDir = resolve(argument('--storage-dir') ?? process.env.STORAGE_DIR ?? join('.data', 'storage'));
    mkdirSync(storageDir, { recursive: true });
    execFileSync('tar', ['-xzf', join(dir, manifest.storage.file), '-C', storageDir], { stdio: 'inherit' });
    console.log(`files restored into ${storageDir}`);
  } else {
    console.log('storage: S3 bucket, nothing to restore from this backup (use the bucket versioning)');
  }
  console.log(`database restored from ${dir}`);
}

main().catch((error) => {
  console.error(`restore failed: ${error.message}`);
  process.exit(1);
});

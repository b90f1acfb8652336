#!/usr/bin/env node
// npm run backup -- [--out <directory>]
// Writes <directory> (default backups/<UTC timestamp>) with:
//   database.dump  pg_dump custom format of DATABASE_URL (restore with tools/restore.mjs or pg_restore)
//   storage.tar.gz the files of STORAGE_DIR (photos, exports, open data; default .data/storage)
//   manifest.json  when, from which server version, sizes
// With STORAGE_DRIVER=s3 the files live in the bucket: no tar is written, and the bucket's own
// versioning / replication is its backup.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { findPgTool, serverMajor } from './lib/pg-tools.mjs';

function argument(name) {
  const index = process.argv.indexOf(name);
  return index === -1 ? undefined : process.argv[index + 1];
}

async function main() {
  const databaseUrl = process.env.DATABASE_URL;
  if (!databaseUrl) throw new Error('DATABASE_URL is not set: it names the database to back up.');
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  const out = resolve(argument('--out') ?? join('backups', stamp));
  mkdirSync(out, { recursive: true });

  const major = await serverMajor(databaseUrl);
  const pgDump = findPgTool('pg_dump', major);
  const dumpFile = join(out, 'database.dump');
  execFileSync(pgDump, ['--format=custom', '--no-owner', '--no-privileges', '--file', dumpFile, '--dbname', databaseUrl], { stdio: 'inherit' });

  const s3 = process.env.STORAGE_DRIVER === 's3';
  const storageDir = resolve(process.env.STORAGE_DIR ?? join('.data', 'storage'));
  let storage = null;
  if (!s3) {
    const tarFile = join(out, 'storage.tar.gz');
    if (existsSync(storageDir)) execFileSync('tar', ['-czf', tarFile, '-C', storageDir, '.'], { stdio: 'inherit' });
    else execFileSync('tar', ['-czf', tarFile, '--files-from', '/dev/null'], { stdio: 'inherit' });
    storage = { dir: storageDir, bytes: statSync(tarFile).size };
  }
  const manifest = {
    createdAt: new Date().toISOString(),
    postgresMajor: major,
    database: { file: 'database.dump', bytes: statSync(dumpFile).size },
    storage: s3 ? { driver: 's3', note: 'files are in the S3 bucket: rely on its versioning' } : { driver: 'disk', file: 'storage.tar.gz', ...storage },
  };
  writeFileSync(join(out, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  console.log(`backup written to ${out}`);
}

main().catch((error) => {
  console.error(`backup failed: ${error.message}`);
  process.exit(1);
});

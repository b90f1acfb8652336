import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import pg from 'pg';
// @ts-expect-error -- plain ESM helper shared with the launcher
import { databaseUrl, ensureDatabase, initCluster, pgBinaries, postgresOsUser, readCredentials, startPostgres } from '../lib/embedded-pg.mjs';
// @ts-expect-error -- plain ESM helper shared with the launcher
import { anyFreePort } from '../lib/net.mjs';

declare module 'vitest' {
  export interface ProvidedContext {
    databaseUrl: string;
    redisUrl: string | null;
    queuePrefix: string;
  }
}

/**
 * The integration tier runs against DATABASE_URL / REDIS_URL when they are set (CI: a fresh
 * database and queue prefix on the machine's services), else against a private embedded
 * PostgreSQL with BullMQ on its PostgreSQL backend — the platform's no-configuration default.
 * Either way the schema is migrated and seeded here, through the same code as `migrate.js`.
 */
export default async function setup(project: TestProject) {
  let stop: () => Promise<void> = async () => undefined;
  let url = process.env.DATABASE_URL?.trim();
  if (!url) {
    const { postgres, initdb } = await pgBinaries();
    const ids = postgresOsUser();
    const dataDir = path.join(os.tmpdir(), `pit-it-${crypto.randomBytes(6).toString('hex')}`);
    const log = (message: string) => console.log(`[embedded-pg] ${message}`);
    await initCluster({ dataDir, initdb, ids, log });
    const port = await anyFreePort();
    const { child, ready } = startPostgres({ dataDir, postgres, ids, port, verbose: false });
    await ready;
    const { user, password } = readCredentials(dataDir);
    await ensureDatabase({ port, user, password, name: 'pit_test' });
    url = databaseUrl({ user, password, port, name: 'pit_test' }) as string;
    stop = async () => {
      child.kill('SIGTERM');
      await new Promise((resolve) => child.once('exit', resolve));
      fs.rmSync(dataDir, { recursive: true, force: true });
    };
    console.log(`[integration] embedded PostgreSQL on port ${port}, BullMQ on PostgreSQL`);
  } else {
    console.log(`[integration] DATABASE_URL given; BullMQ on ${process.env.REDIS_URL ? 'Redis' : 'PostgreSQL'}`);
  }
  const queuePrefix = process.env.QUEUE_PREFIX?.trim() || `it-${crypto.randomBytes(4).toString('hex')}`;
  process.env.DATABASE_URL = url;
  process.env.QUEUE_PREFIX = queuePrefix;
  process.env.OUTBOX_POLL_MS = '200';
  project.provide('databaseUrl', url);
  project.provide('redisUrl', process.env.REDIS_URL?.trim() || null);
  project.provide('queuePrefix', queuePrefix);

  // Migrate and seed once for the run, exactly as production does.
  const { migrateTestDatabase } = await import('./integration-database.js');
  await migrateTestDatabase(url);
  await new pg.Client({ connectionString: url }).connect().then((client) => client.end());
  return stop;
}

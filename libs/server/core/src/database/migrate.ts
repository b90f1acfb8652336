import type { DataSource } from 'typeorm';

// Any number of processes may try at once; one migrates, the others wait and find nothing to do.
const MIGRATION_LOCK = 4_924_900_015;

/** Runs pending migrations then `afterMigrate` (the seed) under one session-level advisory lock. */
export async function migrateWithLock(dataSource: DataSource, afterMigrate?: () => Promise<void>): Promise<string[]> {
  const lockRunner = dataSource.createQueryRunner();
  await lockRunner.connect();
  try {
    await lockRunner.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
    const applied = await dataSource.runMigrations({ transaction: 'each' });
    if (afterMigrate) await afterMigrate();
    return applied.map((migration) => migration.name);
  } finally {
    await lockRunner.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]).catch(() => undefined);
    await lockRunner.release();
  }
}

/** The SQL that the entities would add to the migrated schema: empty when migrations are in step. */
export async function pendingSchemaChanges(dataSource: DataSource): Promise<string[]> {
  const sql = await dataSource.driver.createSchemaBuilder().log();
  return sql.upQueries.map((query) => query.query);
}

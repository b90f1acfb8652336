import 'reflect-metadata';
import { loadConfig, migrateWithLock, pendingSchemaChanges } from '@pit/core';
import { createDataSource } from './data-source.js';

// `node apps/api/dist/migrations-check.js`: fails when the entities differ from what the migrations build.
const dataSource = createDataSource(loadConfig().databaseUrl);
try {
  await dataSource.initialize();
  await migrateWithLock(dataSource);
  const pending = await pendingSchemaChanges(dataSource);
  if (pending.length) {
    console.error(`The entities differ from the committed migrations; generate one. Missing SQL:\n${pending.join(';\n')}`);
    process.exitCode = 1;
  } else {
    console.log('migrations in step with the entities');
  }
} finally {
  if (dataSource.isInitialized) await dataSource.destroy();
}

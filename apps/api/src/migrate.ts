import 'reflect-metadata';
import { loadConfig, migrateWithLock } from '@pit/core';
import { seedTerritory } from '@pit/territory';
import { seedHelpPlaces } from '@pit/help';
import { createDataSource } from './data-source.js';

// `node apps/api/dist/migrate.js`: runs pending migrations then the idempotent seed, once, under a lock.
const dataSource = createDataSource(loadConfig().databaseUrl);
try {
  await dataSource.initialize();
  // The example help places need the communes: seeded after the territory.
  const applied = await migrateWithLock(dataSource, async () => {
    await seedTerritory(dataSource);
    await seedHelpPlaces(dataSource);
  });
  console.log(applied.length ? `migrations applied: ${applied.join(', ')}` : 'database schema up to date');
  console.log('territory seeded');
} catch (error) {
  console.error('migration failed:', error);
  process.exitCode = 1;
} finally {
  if (dataSource.isInitialized) await dataSource.destroy();
}

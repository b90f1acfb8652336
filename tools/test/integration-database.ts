import 'reflect-metadata';
import { migrateWithLock } from '@pit/core';
import { seedTerritory } from '@pit/territory';
import { createDataSource } from '../../apps/api/src/data-source.js';

export async function migrateTestDatabase(url: string): Promise<void> {
  const dataSource = createDataSource(url);
  await dataSource.initialize();
  try {
    await migrateWithLock(dataSource, () => seedTerritory(dataSource));
  } finally {
    await dataSource.destroy();
  }
}

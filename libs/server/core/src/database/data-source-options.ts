import type { DataSourceOptions, MixedList, EntitySchema } from 'typeorm';
import { MIGRATIONS } from './migrations/index.js';

type EntityList = MixedList<Function | string | EntitySchema>;

export function dataSourceOptions(databaseUrl: string, entities: EntityList): DataSourceOptions {
  return {
    type: 'postgres',
    url: databaseUrl,
    entities,
    migrations: MIGRATIONS,
    migrationsTableName: 'typeorm_migrations',
    migrationsTransactionMode: 'each',
    synchronize: false,
    migrationsRun: false,
    installExtensions: false,
    // gen_random_uuid() is built into PostgreSQL ≥ 13: no extension to install.
    uuidExtension: 'pgcrypto',
    logging: ['error', 'warn'],
    extra: { max: 10, application_name: 'pit' },
  };
}

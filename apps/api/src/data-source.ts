import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { dataSourceOptions, loadConfig } from '@pit/core';
import { ALL_ENTITIES } from './entities.js';

/** The data source for the TypeORM CLI (migration:generate) and the migrate command. */
export function createDataSource(databaseUrl = loadConfig().databaseUrl): DataSource {
  return new DataSource(dataSourceOptions(databaseUrl, ALL_ENTITIES));
}

export default createDataSource(process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres');

// SQL on the stack's own database (seeding needs, reading what a journey wrote).
import pg from 'pg';
import { stackDatabaseUrl } from './people';

export async function stackSql<T = Record<string, unknown>>(baseURL: string, text: string, params: unknown[] = []): Promise<T[]> {
  const client = new pg.Client({ connectionString: await stackDatabaseUrl(baseURL) });
  await client.connect();
  try {
    return (await client.query(text, params)).rows as T[];
  } finally {
    await client.end();
  }
}

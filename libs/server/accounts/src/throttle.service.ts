import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { affectedOf } from '@pit/core';

export interface ThrottleState {
  blocked: boolean;
  /** Seconds until the oldest counted attempt leaves the window. */
  retryAfterSeconds: number;
}

/** Counts attempts per key in a sliding window, in PostgreSQL (shared by every api process). */
@Injectable()
export class ThrottleService {
  constructor(private readonly dataSource: DataSource) {}

  async state(key: string, limit: number, windowSeconds: number, manager: EntityManager = this.dataSource.manager): Promise<ThrottleState> {
    const [row] = await manager.query(
      `SELECT count(*)::int AS count,
              GREATEST(0, CEIL(EXTRACT(EPOCH FROM (min(created_at) + make_interval(secs => $2) - now()))))::int AS retry
         FROM attempt WHERE key = $1 AND created_at > now() - make_interval(secs => $2)`,
      [key, windowSeconds],
    );
    return { blocked: row.count >= limit, retryAfterSeconds: Math.max(1, row.retry ?? 1) };
  }

  async record(keys: string[], manager: EntityManager = this.dataSource.manager): Promise<void> {
    if (!keys.length) return;
    await manager.query(`INSERT INTO attempt (key) SELECT unnest($1::text[])`, [keys]);
  }

  /** Attempts older than a day are never counted again. */
  async purge(): Promise<number> {
    const result = await this.dataSource.query(`DELETE FROM attempt WHERE created_at < now() - interval '1 day'`);
    return affectedOf(result);
  }
}

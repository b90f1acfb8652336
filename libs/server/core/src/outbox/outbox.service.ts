import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { JobName, JobRequest } from '../queue/job-names.js';
import { rowsOf } from '../database/query-result.js';

export const OUTBOX_CHANNEL = 'outbox_message';

@Injectable()
export class OutboxService {
  /** Records jobs inside the caller's transaction; the relay publishes them once it commits. */
  async enqueue(manager: EntityManager, jobs: JobRequest<JobName>[]): Promise<void> {
    if (!manager.queryRunner?.isTransactionActive) {
      throw new Error('OutboxService.enqueue must run inside a transaction');
    }
    for (const job of jobs) {
      await manager.query(
        `INSERT INTO outbox_message (name, payload, dedup_key) VALUES ($1, $2, $3)
         ON CONFLICT (dedup_key) DO NOTHING`,
        [job.name, JSON.stringify(job.payload), job.dedupKey ?? null],
      );
    }
    // Delivered on commit only: wakes the relay without waiting for its poll.
    await manager.query(`SELECT pg_notify($1, '')`, [OUTBOX_CHANNEL]);
  }

  /**
   * Reconciliation: publishes rows again whose job vanished from the queue store (a Redis restarted
   * without its data). The relay adds each under the same job id, which BullMQ ignores while that job
   * still exists, so a row republished by mistake runs nothing twice. Returns the rows reset.
   */
  async republish(manager: EntityManager, ids: string[]): Promise<number> {
    if (!ids.length) return 0;
    const rows: unknown[] = await manager.query(
      `UPDATE outbox_message SET published_at = NULL WHERE id = ANY($1::bigint[]) AND published_at IS NOT NULL RETURNING id`,
      [ids],
    );
    await manager.query(`SELECT pg_notify($1, '')`, [OUTBOX_CHANNEL]);
    return rowsOf(rows).length;
  }
}

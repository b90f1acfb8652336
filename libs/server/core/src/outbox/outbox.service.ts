import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { JobName, JobRequest } from '../queue/job-names.js';

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
}

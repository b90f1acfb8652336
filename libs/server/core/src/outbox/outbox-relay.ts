import { Inject, Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import { DataSource } from 'typeorm';
import pg from 'pg';
import { APP_CONFIG } from '../config/config.module.js';
import type { AppConfig } from '../config/app-config.js';
import { QueueBackend } from '../queue/queue-backend.js';
import { FOLLOW_UP_JOBS, FOLLOW_UP_PRIORITY, jobIdForOutbox, type JobName } from '../queue/job-names.js';
import { OUTBOX_CHANNEL } from './outbox.service.js';

const BATCH = 100;
const MAX_BACKOFF_MS = 30_000;
// A queue store that does not answer must not hold the outbox rows locked for long.
const PUBLISH_TIMEOUT_MS = 10_000;

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`queue store did not answer within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/**
 * Publishes committed outbox rows to BullMQ with jobId = outbox-<job_key>, then marks them published.
 * Any number of relays cooperate through FOR UPDATE SKIP LOCKED. A crash between the add and the
 * mark re-adds the same jobId later, which BullMQ ignores while the first job is kept.
 */
@Injectable()
export class OutboxRelay implements OnApplicationShutdown {
  private readonly logger = new Logger(OutboxRelay.name);
  private listener: pg.Client | null = null;
  private timer: NodeJS.Timeout | null = null;
  private running = false;
  private stopped = true;
  private wakeRequested = false;
  private failures = 0;

  constructor(
    private readonly dataSource: DataSource,
    private readonly backend: QueueBackend,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async start(): Promise<void> {
    this.stopped = false;
    await this.listen();
    this.schedule(0);
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    while (this.running) await new Promise((resolve) => setTimeout(resolve, 20));
    await this.listener?.end().catch(() => undefined);
  }

  /** Publishes everything pending now; returns how many rows were published. */
  async drain(): Promise<number> {
    let total = 0;
    for (;;) {
      const published = await this.publishBatch();
      total += published;
      if (published < BATCH) return total;
    }
  }

  private async listen(): Promise<void> {
    try {
      const client = new pg.Client({ connectionString: this.config.databaseUrl });
      client.on('notification', () => this.wake());
      client.on('error', (error: Error) => {
        this.logger.warn(`listener lost (${error.message}); polling until it is back`);
        this.listener = null;
        if (!this.stopped) setTimeout(() => void this.listen(), 2000);
      });
      await client.connect();
      await client.query(`LISTEN ${OUTBOX_CHANNEL}`);
      this.listener = client;
    } catch (error) {
      this.logger.warn(`cannot LISTEN (${(error as Error).message}); polling only`);
      if (!this.stopped) setTimeout(() => void this.listen(), 5000);
    }
  }

  private wake(): void {
    if (this.running) this.wakeRequested = true;
    else this.schedule(0);
  }

  private schedule(delay: number): void {
    if (this.stopped) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.tick(), delay);
  }

  private async tick(): Promise<void> {
    this.running = true;
    let delay = this.config.outboxPollMs;
    try {
      await this.drain();
      this.failures = 0;
    } catch (error) {
      this.failures += 1;
      delay = Math.min(MAX_BACKOFF_MS, 200 * 2 ** this.failures);
      this.logger.warn(`publish failed (${(error as Error).message}); retrying in ${delay} ms`);
    } finally {
      this.running = false;
    }
    if (this.wakeRequested && this.failures === 0) delay = 0;
    this.wakeRequested = false;
    this.schedule(delay);
  }

  private async publishBatch(): Promise<number> {
    return this.dataSource.transaction(async (manager) => {
      const rows: Array<{ id: string; job_key: string; name: string; payload: Record<string, unknown> }> = await manager.query(
        `SELECT id, job_key, name, payload FROM outbox_message
          WHERE published_at IS NULL
          ORDER BY id
          LIMIT $1
          FOR UPDATE SKIP LOCKED`,
        [BATCH],
      );
      if (!rows.length) return 0;
      const queue = this.backend.jobsQueue();
      try {
        await withTimeout(queue.addBulk(
          rows.map((row) => ({
            name: row.name,
            data: row.payload,
            opts: {
              jobId: jobIdForOutbox(row.job_key),
              ...(FOLLOW_UP_JOBS.has(row.name as JobName) ? { priority: FOLLOW_UP_PRIORITY } : {}),
              attempts: 8,
              backoff: { type: 'exponential', delay: 1000 },
              removeOnComplete: { age: 7 * 24 * 3600, count: 10_000 },
              removeOnFail: { age: 30 * 24 * 3600 },
            },
          })),
        ), PUBLISH_TIMEOUT_MS);
      } catch (error) {
        // Rows stay unpublished; the attempt is recorded in a separate statement outside this transaction.
        void this.recordFailure(rows.map((row) => row.id), (error as Error).message);
        throw error;
      }
      await manager.query(`UPDATE outbox_message SET published_at = now() WHERE id = ANY($1::bigint[])`, [rows.map((row) => row.id)]);
      return rows.length;
    });
  }

  private async recordFailure(ids: string[], message: string): Promise<void> {
    await this.dataSource
      .query(`UPDATE outbox_message SET publish_attempts = publish_attempts + 1, last_error = $2 WHERE id = ANY($1::bigint[])`, [ids, message.slice(0, 500)])
      .catch(() => undefined);
  }
}

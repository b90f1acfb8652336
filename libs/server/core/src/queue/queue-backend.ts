import { Injectable, Inject, Logger, type OnApplicationShutdown } from '@nestjs/common';
import { Queue, Worker, createPostgresBackend, type Job, type WorkerOptions } from 'bullmq';
import { Redis } from 'ioredis';
import { APP_CONFIG } from '../config/config.module.js';
import type { AppConfig } from '../config/app-config.js';

/** Every job travels on one queue; the job's name selects its handler. */
export const JOBS_QUEUE = 'jobs';

/** The job states reported as queue depth. */
export const JOB_STATES = ['waiting', 'active', 'delayed', 'prioritized', 'waiting-children', 'completed', 'failed'] as const;

export type JobProcessor = (job: Job) => Promise<unknown>;
export type JobsQueue = Queue<any, any, string, any, any, string, any, any>;
export type JobsWorker = Worker<any, any, string, any, any, any>;

/**
 * The only place that knows where BullMQ keeps its data: Redis when REDIS_URL is set,
 * BullMQ's PostgreSQL backend (in its own schema) otherwise. Chosen once, at boot.
 */
@Injectable()
export class QueueBackend implements OnApplicationShutdown {
  private readonly logger = new Logger(QueueBackend.name);
  private queue: JobsQueue | null = null;
  private readonly workers: JobsWorker[] = [];
  private readonly redisConnections: Redis[] = [];

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  get kind(): 'redis' | 'postgres' {
    return this.config.redisUrl ? 'redis' : 'postgres';
  }

  jobsQueue(): JobsQueue {
    this.queue ??= this.createQueue();
    return this.queue;
  }

  createWorker(processor: JobProcessor, options: Pick<WorkerOptions, 'concurrency'> = {}): JobsWorker {
    const worker: JobsWorker = this.config.redisUrl
      ? new Worker(JOBS_QUEUE, processor, { ...options, connection: this.redis(), prefix: this.config.queuePrefix })
      : new Worker(JOBS_QUEUE, processor, { ...options, connection: this.postgresConnection() }, createPostgresBackend);
    worker.on('error', (error) => this.logger.error(`worker error: ${error.message}`));
    this.workers.push(worker);
    return worker;
  }

  /** Jobs per state (queue depth); also proves the backend answers (health checks, metrics). */
  async jobCounts(): Promise<Record<(typeof JOB_STATES)[number], number>> {
    const counts = await this.jobsQueue().getJobCounts(...JOB_STATES);
    return Object.fromEntries(JOB_STATES.map((state) => [state, Number(counts[state] ?? 0)])) as Record<(typeof JOB_STATES)[number], number>;
  }

  async onApplicationShutdown(): Promise<void> {
    // Workers first: they finish their in-flight jobs before closing.
    await Promise.allSettled(this.workers.map((worker) => worker.close()));
    if (this.queue) await this.queue.close().catch(() => undefined);
    for (const connection of this.redisConnections) connection.disconnect();
  }

  private createQueue(): JobsQueue {
    const queue: JobsQueue = this.config.redisUrl
      ? new Queue(JOBS_QUEUE, { connection: this.redis(), prefix: this.config.queuePrefix })
      : new Queue(JOBS_QUEUE, { connection: this.postgresConnection() }, createPostgresBackend);
    queue.on('error', (error) => this.logger.warn(`queue error: ${error.message}`));
    return queue;
  }

  private redis(): Redis {
    const connection = new Redis(this.config.redisUrl!, { maxRetriesPerRequest: null, lazyConnect: false });
    connection.on('error', (error) => this.logger.warn(`redis: ${error.message}`));
    this.redisConnections.push(connection);
    return connection;
  }

  private postgresConnection() {
    return {
      connectionString: this.config.databaseUrl,
      schema: `bullmq_${this.config.queuePrefix.replace(/-/g, '_').toLowerCase()}`,
      migrate: true,
      max: 4,
    };
  }
}

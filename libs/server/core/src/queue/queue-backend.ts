import { Injectable, Inject, Logger, type OnApplicationShutdown } from '@nestjs/common';
import { Queue, Worker, createPostgresBackend, type Job, type RepeatOptions, type WorkerOptions } from 'bullmq';
import { Redis } from 'ioredis';
import { APP_CONFIG } from '../config/config.module.js';
import type { AppConfig } from '../config/app-config.js';
import type { JobName, JobPayloads } from './job-names.js';

/** Every job travels on one queue; the job's name selects its handler. */
export const JOBS_QUEUE = 'jobs';

/** The job states reported as queue depth. */
export const JOB_STATES = ['waiting', 'active', 'delayed', 'prioritized', 'waiting-children', 'completed', 'failed'] as const;

export type JobProcessor = (job: Job) => Promise<unknown>;
export type JobsQueue = Queue<any, any, string, any, any, string, any, any>;
export type JobsWorker = Worker<any, any, string, any, any, any>;

/** A repeatable job: BullMQ job scheduler id, when it repeats, and the job it adds. */
interface Schedule {
  repeat: Omit<RepeatOptions, 'key'>;
  template: { name: JobName; data: JobPayloads[JobName] };
}

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
  private readonly schedules = new Map<string, Schedule>();

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

  /**
   * Registers a repeatable job with BullMQ's job scheduler (an upsert: every worker may call it) and
   * remembers it: job schedulers live in Redis, so a Redis that comes back without its data (restarted
   * without persistence, FLUSHALL) gets them again when the queue's connection is ready once more.
   */
  async schedule<N extends JobName>(id: string, repeat: Omit<RepeatOptions, 'key'>, template: { name: N; data: JobPayloads[N] }): Promise<void> {
    this.schedules.set(id, { repeat, template });
    await this.jobsQueue().upsertJobScheduler(id, repeat, template);
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
    let queue: JobsQueue;
    if (this.config.redisUrl) {
      const connection = this.redis();
      queue = new Queue(JOBS_QUEUE, { connection, prefix: this.config.queuePrefix });
      // Every (re)connection: upserting an unchanged scheduler changes nothing; a wiped Redis gets them back.
      connection.on('ready', () => void this.reschedule(queue));
    } else {
      queue = new Queue(JOBS_QUEUE, { connection: this.postgresConnection() }, createPostgresBackend);
    }
    queue.on('error', (error) => this.logger.warn(`queue error: ${error.message}`));
    return queue;
  }

  private async reschedule(queue: JobsQueue): Promise<void> {
    for (const [id, { repeat, template }] of this.schedules) {
      await queue.upsertJobScheduler(id, repeat, template).catch((error: Error) => this.logger.warn(`cannot register the job scheduler ${id} again: ${error.message}`));
    }
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

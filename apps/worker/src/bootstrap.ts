import { NestFactory } from '@nestjs/core';
import type { INestApplicationContext } from '@nestjs/common';
import { JobRunner, OutboxRelay } from '@pit/core';
import { WorkerModule } from './worker.module.js';

export interface WorkerOptions {
  /** Consume jobs from the queue (off in tests that drain by hand). */
  consume?: boolean;
  /** Run the outbox relay. */
  relay?: boolean;
  concurrency?: number;
}

export async function createWorker(options: WorkerOptions = {}): Promise<INestApplicationContext> {
  const app = await NestFactory.createApplicationContext(WorkerModule, { logger: ['error', 'warn', 'log'] });
  app.enableShutdownHooks();
  if (options.relay ?? true) await app.get(OutboxRelay).start();
  if (options.consume ?? true) app.get(JobRunner).start(options.concurrency ?? 4);
  return app;
}

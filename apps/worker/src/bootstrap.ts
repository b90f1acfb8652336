import { NestFactory } from '@nestjs/core';
import type { INestApplicationContext } from '@nestjs/common';
import { JobRunner, OutboxRelay } from '@pit/core';
import { startHealthServer } from './health-server.js';
import { WorkerModule } from './worker.module.js';

export interface WorkerOptions {
  /** Consume jobs from the queue (off in tests that drain by hand). */
  consume?: boolean;
  /** Run the outbox relay. */
  relay?: boolean;
  concurrency?: number;
  /** Serve /health/live, /health/ready and /metrics on this port (needs consume). */
  healthPort?: number;
  healthHost?: string;
}

export async function createWorker(options: WorkerOptions = {}): Promise<INestApplicationContext> {
  const app = await NestFactory.createApplicationContext(WorkerModule, { logger: ['error', 'warn', 'log'] });
  // SIGTERM/SIGINT close the app: QueueBackend closes the BullMQ workers first, which waits for the
  // jobs in flight to finish (docker compose gives stop_grace_period for it).
  app.enableShutdownHooks();
  if (options.relay ?? true) await app.get(OutboxRelay).start();
  if (options.consume ?? true) {
    const worker = app.get(JobRunner).start(options.concurrency ?? 4);
    if (options.healthPort !== undefined) {
      const server = await startHealthServer(app, worker, options.healthPort, options.healthHost);
      const close = app.close.bind(app);
      // The probe port goes first on shutdown, so the container reads as not ready while jobs finish.
      app.close = async () => {
        await new Promise((resolve) => server.close(resolve));
        await close();
      };
    }
  }
  return app;
}

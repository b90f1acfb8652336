import { createServer, type Server } from 'node:http';
import type { INestApplicationContext } from '@nestjs/common';
import { Counter, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import { DataSource } from 'typeorm';
import { QueueBackend, metricsAccess, withTimeout, type JobsWorker } from '@pit/core';

const CHECK_TIMEOUT_MS = 2_000;

/** The worker's own registry: job latency and outcomes, counted as jobs finish. */
export function workerMetrics(worker: JobsWorker): Registry {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'pit_worker_' });
  const duration = new Histogram({
    name: 'pit_job_duration_seconds',
    help: 'Time a job ran in this worker (processedOn to finishedOn), by job name and outcome',
    labelNames: ['job', 'outcome'] as const,
    buckets: [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60],
    registers: [registry],
  });
  const latency = new Histogram({
    name: 'pit_job_wait_seconds',
    help: 'Time a job waited in the queue before this worker started it, by job name',
    labelNames: ['job'] as const,
    buckets: [0.01, 0.05, 0.1, 0.5, 1, 5, 10, 30, 60, 300],
    registers: [registry],
  });
  const completed = new Counter({ name: 'pit_jobs_completed_total', help: 'Jobs completed by this worker', labelNames: ['job'] as const, registers: [registry] });
  const failed = new Counter({ name: 'pit_jobs_failed_total', help: 'Job attempts that failed in this worker', labelNames: ['job'] as const, registers: [registry] });
  const observe = (job: { name: string; timestamp: number; processedOn?: number; finishedOn?: number }, outcome: 'completed' | 'failed') => {
    if (job.processedOn && job.finishedOn) duration.observe({ job: job.name, outcome }, (job.finishedOn - job.processedOn) / 1000);
    if (job.processedOn) latency.observe({ job: job.name }, Math.max(0, job.processedOn - job.timestamp) / 1000);
  };
  worker.on('completed', (job) => {
    completed.inc({ job: job.name });
    observe(job, 'completed');
  });
  worker.on('failed', (job) => {
    failed.inc({ job: job?.name ?? 'unknown' });
    if (job) observe(job, 'failed');
  });
  return registry;
}

/** Ready: PostgreSQL answers, the queue backend answers, and the BullMQ worker is running. */
export async function workerReadiness(app: INestApplicationContext, worker: JobsWorker): Promise<{ ok: boolean; checks: Record<string, string> }> {
  const checks: Record<string, string> = {};
  const probe = async (key: string, work: () => Promise<unknown>) => {
    try {
      await withTimeout(work(), CHECK_TIMEOUT_MS, key);
      checks[key] = 'up';
    } catch (error) {
      checks[key] = `down: ${(error as Error).message}`;
    }
  };
  await Promise.all([
    probe('database', () => app.get(DataSource).query('SELECT 1')),
    probe('queue', () => app.get(QueueBackend).jobCounts()),
    probe('consumer', async () => {
      if (!worker.isRunning()) throw new Error('not consuming');
    }),
  ]);
  return { ok: Object.values(checks).every((value) => value === 'up'), checks };
}

/**
 * The worker has no HTTP api; with WORKER_HEALTH_PORT set it listens there (WORKER_HEALTH_HOST, default
 * 0.0.0.0) for GET /health/live, /health/ready (503 when a check fails) and /metrics (bearer METRICS_TOKEN,
 * 404 without it). Docker compose probes /health/ready.
 */
export async function startHealthServer(app: INestApplicationContext, worker: JobsWorker, port: number, host = '0.0.0.0'): Promise<Server> {
  const registry = workerMetrics(worker);
  const server = createServer((request, response) => {
    const send = (status: number, body: string, type = 'application/json') =>
      void response.writeHead(status, { 'content-type': type, 'cache-control': 'no-store' }).end(body);
    const path = new URL(request.url ?? '/', 'http://worker').pathname;
    if (request.method !== 'GET') return send(405, JSON.stringify({ status: 'method not allowed' }));
    if (path === '/health/live') return send(200, JSON.stringify({ status: 'ok' }));
    if (path === '/health/ready') {
      return void workerReadiness(app, worker).then(({ ok, checks }) => send(ok ? 200 : 503, JSON.stringify({ status: ok ? 'ok' : 'error', checks })));
    }
    if (path === '/metrics') {
      const access = metricsAccess(request.headers.authorization);
      if (access === 'disabled') return send(404, JSON.stringify({ status: 'not found' }));
      if (access === 'denied') return send(403, JSON.stringify({ status: 'metrics need the bearer token METRICS_TOKEN' }));
      return void registry.metrics().then((body) => send(200, body, registry.contentType));
    }
    send(404, JSON.stringify({ status: 'not found' }));
  });
  await new Promise<void>((resolve) => server.listen(port, host, resolve));
  return server;
}

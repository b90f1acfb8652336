import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AddressInfo } from 'node:net';
import type { INestApplicationContext } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { DataSource } from 'typeorm';
import { QueueBackend } from '@pit/core';
import { accountsWithRoles, startApi, startWorker, waitFor } from '../../../tools/test/harness.js';
import { startHealthServer } from '../../worker/src/health-server.js';

// Issue 8, operations item 1: api /health/live and /health/ready (@nestjs/terminus), /metrics (prom-client,
// bearer METRICS_TOKEN), the worker's health port (readiness, job metrics) and graceful shutdown.

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function counter(text: string, line: string): number {
  const found = text.split('\n').find((row) => row.startsWith(`${line} `));
  return found ? Number(found.slice(line.length + 1)) : 0;
}

describe('api health, readiness and metrics (issue 8, operations)', () => {
  let api: NestFastifyApplication;

  beforeAll(async () => {
    api = await startApi();
  });
  afterAll(async () => {
    delete process.env.METRICS_TOKEN;
    await api?.close();
  });

  it('is live and ready when PostgreSQL and the queue backend answer; /health stays an alias of ready', async () => {
    const live = await api.inject({ method: 'GET', url: '/health/live' });
    expect(live.statusCode).toBe(200);
    expect(live.json()).toEqual({ status: 'ok' });
    const kind = api.get(QueueBackend).kind;
    for (const url of ['/health/ready', '/health']) {
      const ready = await api.inject({ method: 'GET', url });
      expect(ready.statusCode).toBe(200);
      const up = { database: { status: 'up', responseTime: expect.any(Number) }, queue: { status: 'up', backend: kind, responseTime: expect.any(Number) } };
      expect(ready.json()).toEqual({ status: 'ok', info: up, error: {}, details: up });
    }
  });

  it('is not ready (503, database down) while the database is unreachable, still live, and ready again after', async () => {
    const dataSource = api.get(DataSource);
    await dataSource.destroy();
    try {
      const ready = await api.inject({ method: 'GET', url: '/health/ready' });
      expect(ready.statusCode).toBe(503);
      expect(ready.json().status).toBe('error');
      expect(ready.json().error.database.status).toBe('down');
      expect((await api.inject({ method: 'GET', url: '/health/live' })).statusCode).toBe(200);
    } finally {
      await dataSource.initialize();
    }
    expect((await api.inject({ method: 'GET', url: '/health/ready' })).statusCode).toBe(200);
  });

  it('serves /metrics only with the bearer METRICS_TOKEN (404 when unset, 403 when wrong)', async () => {
    delete process.env.METRICS_TOKEN;
    expect((await api.inject({ method: 'GET', url: '/metrics' })).statusCode).toBe(404);
    process.env.METRICS_TOKEN = 'jeton-de-metriques-assez-long';
    expect((await api.inject({ method: 'GET', url: '/metrics' })).statusCode).toBe(403);
    expect((await api.inject({ method: 'GET', url: '/metrics', headers: { authorization: 'Bearer mauvais-jeton' } })).statusCode).toBe(403);
    const ok = await api.inject({ method: 'GET', url: '/metrics', headers: { authorization: 'Bearer jeton-de-metriques-assez-long' } });
    expect(ok.statusCode).toBe(200);
    expect(ok.headers['content-type']).toBe('text/plain; version=0.0.4; charset=utf-8');
  });

  it('counts requests by route template and status, and reports the queue depth per state', async () => {
    process.env.METRICS_TOKEN = 'jeton-de-metriques-assez-long';
    const scrape = async () =>
      (await api.inject({ method: 'GET', url: '/metrics', headers: { authorization: 'Bearer jeton-de-metriques-assez-long' } })).body;
    const before = await scrape();
    for (let i = 0; i < 3; i += 1) await api.inject({ method: 'GET', url: '/health/live' });
    await api.inject({ method: 'GET', url: '/needs/REF-QUI-N-EXISTE-PAS/photos/1' });
    await api.inject({ method: 'GET', url: '/nulle-part' });
    const after = await scrape();
    const live = 'pit_http_requests_total{method="GET",route="/health/live",status="200"}';
    expect(counter(after, live) - counter(before, live)).toBe(3);
    // The route template, never the raw URL (references would explode the label set).
    expect(after).toContain('route="/needs/:reference/photos/:position"');
    expect(after).not.toContain('REF-QUI-N-EXISTE-PAS');
    const unmatched = 'pit_http_requests_total{method="GET",route="unmatched",status="404"}';
    expect(counter(after, unmatched) - counter(before, unmatched)).toBe(1);
    expect(after).toContain('# TYPE pit_http_request_duration_seconds histogram');
    for (const state of ['waiting', 'active', 'delayed', 'prioritized', 'waiting-children', 'completed', 'failed']) {
      expect(after).toMatch(new RegExp(`^pit_queue_jobs\\{state="${state}"\\} \\d+$`, 'm'));
    }
    expect(after).toContain('pit_api_process_cpu_user_seconds_total');
  });
});

describe('Bull Board at /admin/queues (issue 8, operations): admins only', () => {
  let api: NestFastifyApplication;
  let tokens: Record<'admin' | 'agent' | 'moderator' | 'resident', string>;

  beforeAll(async () => {
    api = await startApi();
    const dataSource = api.get(DataSource);
    const [authority] = await dataSource.query(`SELECT id FROM authority ORDER BY id LIMIT 1`);
    ({ tokens } = await accountsWithRoles(api, 'Board', {
      admin: { role: 'admin' },
      agent: { role: 'agent', authorityId: authority.id },
      moderator: { role: 'moderator' },
      resident: null,
    }));
  });
  afterAll(async () => {
    await api?.close();
  });

  const get = (url: string, headers: Record<string, string> = {}) => api.inject({ method: 'GET', url, headers });

  it('refuses without a session (401) and every non-admin (403), the board, its api and its assets alike', async () => {
    for (const url of ['/admin/queues', '/admin/queues/api/queues', '/admin/queues/static/images/logo.svg']) {
      const anonymous = await get(url);
      expect(anonymous.statusCode).toBe(401);
      expect(anonymous.json()).toEqual({ message: 'Connectez-vous avec une session d’administrateur.' });
      expect((await get(url, { authorization: 'Bearer jeton-inconnu' })).statusCode).toBe(401);
      for (const who of ['agent', 'moderator', 'resident'] as const) {
        const denied = await get(url, { authorization: `Bearer ${tokens[who]}` });
        expect(denied.statusCode).toBe(403);
        expect(denied.json()).toEqual({ message: 'La file de tâches est réservée aux administrateurs de la plateforme.' });
      }
    }
  });

  it('shows the jobs queue to an admin, by bearer token or by the pit_board cookie', async () => {
    const page = await get('/admin/queues', { authorization: `Bearer ${tokens.admin}` });
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toContain('text/html');
    expect(page.body).toContain('Files de tâches');
    const queues = await get('/admin/queues/api/queues', { cookie: `autre=1; pit_board=${encodeURIComponent(tokens.admin)}` });
    expect(queues.statusCode).toBe(200);
    expect(queues.json().queues.map((queue: { name: string }) => queue.name)).toEqual(['jobs']);
  });
});

describe('worker readiness, job metrics and graceful shutdown (issue 8, operations)', () => {
  const originalPrefix = process.env.QUEUE_PREFIX;
  let worker: INestApplicationContext | null = null;

  beforeAll(() => {
    // A queue of its own: the test consumers below must not take other files' jobs.
    process.env.QUEUE_PREFIX = `${originalPrefix}-ops${Date.now().toString(36)}`;
    process.env.METRICS_TOKEN = 'jeton-de-metriques-assez-long';
  });
  afterAll(async () => {
    await worker?.close();
    process.env.QUEUE_PREFIX = originalPrefix;
    delete process.env.METRICS_TOKEN;
  });

  it('serves readiness and job latency/failure metrics on its health port', async () => {
    worker = await startWorker({ consume: false, relay: false });
    const backend = worker.get(QueueBackend);
    const consumer = backend.createWorker(async (job) => {
      if (job.data.fail) throw new Error('échec voulu');
      await sleep(30);
    });
    const server = await startHealthServer(worker, consumer, 0, '127.0.0.1');
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      expect(await (await fetch(`${base}/health/live`)).json()).toEqual({ status: 'ok' });
      const ready = await fetch(`${base}/health/ready`);
      expect(ready.status).toBe(200);
      expect(await ready.json()).toEqual({ status: 'ok', checks: { database: 'up', queue: 'up', consumer: 'up' } });
      expect((await fetch(`${base}/metrics`)).status).toBe(403);

      const queue = backend.jobsQueue();
      await queue.add('ops-probe', { fail: false }, { jobId: 'ops-ok-1' });
      await queue.add('ops-probe', { fail: false }, { jobId: 'ops-ok-2' });
      await queue.add('ops-probe', { fail: true }, { jobId: 'ops-ko-1', attempts: 1 });
      const metrics = () => fetch(`${base}/metrics`, { headers: { authorization: 'Bearer jeton-de-metriques-assez-long' } }).then((r) => r.text());
      const text = await waitFor(async () => {
        const body = await metrics();
        return counter(body, 'pit_jobs_completed_total{job="ops-probe"}') === 2 && counter(body, 'pit_jobs_failed_total{job="ops-probe"}') === 1 ? body : undefined;
      }, { what: 'job metrics' });
      expect(counter(text, 'pit_job_duration_seconds_count{job="ops-probe",outcome="completed"}')).toBe(2);
      expect(counter(text, 'pit_job_duration_seconds_count{job="ops-probe",outcome="failed"}')).toBe(1);
      expect(counter(text, 'pit_job_wait_seconds_count{job="ops-probe"}')).toBe(3);

      await consumer.close();
      const stopped = await fetch(`${base}/health/ready`);
      expect(stopped.status).toBe(503);
      expect((await stopped.json()).checks.consumer).toBe('down: not consuming');
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it('lets the job in flight finish when the worker is closed (shutdown hooks close BullMQ workers first)', async () => {
    const app = await startWorker({ consume: false, relay: false });
    const backend = app.get(QueueBackend);
    const events: string[] = [];
    backend.createWorker(async (job) => {
      events.push(`started ${job.id}`);
      await sleep(1_500);
      events.push(`finished ${job.id}`);
    });
    await backend.jobsQueue().add('ops-slow', {}, { jobId: 'ops-slow-1' });
    await waitFor(async () => (events.length ? true : undefined), { what: 'the job to start' });
    await app.close();
    events.push('closed');
    expect(events).toEqual(['started ops-slow-1', 'finished ops-slow-1', 'closed']);

    // Read back through another connection: BullMQ recorded the job as completed.
    const reader = await startWorker({ consume: false, relay: false });
    try {
      const job = await reader.get(QueueBackend).jobsQueue().getJob('ops-slow-1');
      expect(await job!.getState()).toBe('completed');
    } finally {
      await reader.close();
    }
  });
});

import { Injectable, type OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { FastifyInstance } from 'fastify';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import { JOB_STATES, QueueBackend, withTimeout } from '@pit/core';

/**
 * The api's Prometheus registry: requests by route template and status, their duration, and the queue
 * depth per job state (read from the queue backend at scrape time; "failed" counts failed jobs kept by BullMQ).
 * Job latency and failures counted as they happen are on the worker's health port (apps/worker/src/health-server.ts).
 */
@Injectable()
export class ApiMetrics implements OnModuleInit {
  readonly registry = new Registry();
  private readonly requests = new Counter({
    name: 'pit_http_requests_total',
    help: 'HTTP requests answered by the api, by method, route template and status code',
    labelNames: ['method', 'route', 'status'] as const,
    registers: [this.registry],
  });
  private readonly duration = new Histogram({
    name: 'pit_http_request_duration_seconds',
    help: 'Time to answer an HTTP request, by method and route template',
    labelNames: ['method', 'route'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [this.registry],
  });

  constructor(
    private readonly adapterHost: HttpAdapterHost,
    backend: QueueBackend,
  ) {
    collectDefaultMetrics({ register: this.registry, prefix: 'pit_api_' });
    new Gauge({
      name: 'pit_queue_jobs',
      help: 'Jobs in the queue per state, read at scrape time',
      labelNames: ['state'] as const,
      registers: [this.registry],
      async collect() {
        const counts = await withTimeout(backend.jobCounts(), 2_000, 'queue').catch(() => null);
        this.reset();
        if (counts) for (const state of JOB_STATES) this.set({ state }, counts[state]);
      },
    });
  }

  onModuleInit(): void {
    const fastify = this.adapterHost.httpAdapter.getInstance<FastifyInstance>();
    fastify.addHook('onResponse', async (request, reply) => {
      // The route template (never the raw URL: references and tokens would explode the label set).
      const route = request.routeOptions.url ?? 'unmatched';
      this.requests.inc({ method: request.method, route, status: String(reply.statusCode) });
      this.duration.observe({ method: request.method, route }, reply.elapsedTime / 1000);
    });
  }
}

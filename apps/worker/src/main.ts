import 'reflect-metadata';
import { loadConfig } from '@pit/core';
import { createWorker } from './bootstrap.js';

loadConfig();
const healthPort = process.env.WORKER_HEALTH_PORT ? Number(process.env.WORKER_HEALTH_PORT) : undefined;
await createWorker({
  concurrency: Number(process.env.WORKER_CONCURRENCY ?? 4) || 4,
  healthPort,
  healthHost: process.env.WORKER_HEALTH_HOST,
});
console.log(healthPort === undefined ? 'worker ready' : `worker ready (health on port ${healthPort})`);

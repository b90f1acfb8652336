import 'reflect-metadata';
import { loadConfig } from '@pit/core';
import { createWorker } from './bootstrap.js';

loadConfig();
await createWorker({ concurrency: Number(process.env.WORKER_CONCURRENCY ?? 4) || 4 });
console.log('worker ready');

import 'reflect-metadata';
import type { Job } from 'bullmq';
import { JOB_NAMES, JobRunner, loadConfig, type JobName } from '@pit/core';
import { createWorker } from './bootstrap.js';

// Runs one job now, in this process, through its registered handler (every job is idempotent):
//   node apps/worker/dist/run-job.js send-daily-digest
//   node apps/worker/dist/run-job.js send-daily-digest '{"day":"2026-11-26"}'
// For operators (e.g. a digest to send again after an SMTP outage) and scripts; the queue is not involved.
const [name, payload = '{}'] = process.argv.slice(2);
if (!name || !JOB_NAMES.includes(name as JobName)) {
  console.error(`usage: node apps/worker/dist/run-job.js <job> ['<json payload>']\njobs: ${JOB_NAMES.join(', ')}`);
  process.exit(2);
}
let data: unknown;
try {
  data = JSON.parse(payload);
} catch {
  console.error(`the payload must be JSON, e.g. '{"day":"2026-11-26"}'`);
  process.exit(2);
}
loadConfig();
const app = await createWorker({ consume: false, relay: false });
try {
  await app.get(JobRunner).run({ name, data, id: `manual-${Date.now()}`, attemptsMade: 0 } as Job);
  console.log(`${name} done`);
} finally {
  await app.close();
}

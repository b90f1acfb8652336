export * from './webhook.jobs.js';
export * from './webhooks-jobs.module.js';

export * from './route-need.job.js';
export * from './sweep-unrouted-needs.job.js';
export * from './needs-jobs.module.js';
export * from '../team/jobs/index.js';
export * from '../assisted/jobs/index.js';
export * from '../webhooks/jobs/index.js';
export * from '../open-data/jobs/index.js';

export * from './privacy.jobs.js';
export * from './privacy-jobs.module.js';

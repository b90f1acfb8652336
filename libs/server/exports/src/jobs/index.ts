export * from './inbox-export.jobs.js';
export * from './exports-jobs.module.js';

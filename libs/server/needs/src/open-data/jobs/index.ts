export * from './open-data.jobs.js';
export * from './open-data-jobs.module.js';

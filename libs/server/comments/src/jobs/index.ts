export * from './comments-jobs.module.js';

export * from './notifications-jobs.module.js';

export * from './notification.jobs.js';
export * from './notifications-jobs.module.js';

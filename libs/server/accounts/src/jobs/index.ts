export * from './send-token-email.job.js';
export * from './token-emails.js';
export * from './accounts-jobs.module.js';

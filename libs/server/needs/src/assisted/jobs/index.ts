export * from './assisted.jobs.js';

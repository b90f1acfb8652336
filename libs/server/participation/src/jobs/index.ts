export * from '../merge/merge.jobs.js';
export * from './participation-jobs.module.js';
export * from '../accountability/accountability.jobs.js';

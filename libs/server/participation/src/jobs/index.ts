export * from './participation-jobs.module.js';
export * from '../accountability/accountability.jobs.js';

export * from './participation-jobs.module.js';

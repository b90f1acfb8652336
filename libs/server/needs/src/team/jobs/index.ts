export * from './team.jobs.js';
export * from './team-jobs.module.js';

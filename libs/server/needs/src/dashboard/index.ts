export * from './dashboard.service.js';
export * from './dashboard.module.js';

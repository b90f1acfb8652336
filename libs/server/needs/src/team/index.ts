export * from './team.entities.js';
export * from './team.service.js';
export * from './co-assignments.service.js';
export * from './routing-rules.service.js';
export * from './staff-alerts.service.js';
export * from './staff-alert-emails.js';
export * from './team.module.js';

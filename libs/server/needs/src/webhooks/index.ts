export * from './webhooks.entities.js';
export * from './webhook-secrets.js';
export * from './webhooks.service.js';
export * from './webhooks.module.js';

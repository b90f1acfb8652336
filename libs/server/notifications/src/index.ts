export * from './entities/notification.entity.js';
export * from './notification-emails.js';
export * from './notifications.service.js';
export * from './notifications.module.js';

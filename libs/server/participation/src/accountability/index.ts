export * from './service-feedback.entity.js';
export * from './accountability-emails.js';
export * from './accountability.service.js';

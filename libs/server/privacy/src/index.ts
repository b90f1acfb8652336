export * from './entities/data-export.entity.js';
export * from './entities/inactivity-warning.entity.js';
export * from './personal-data.js';
export * from './privacy-emails.js';
export * from './data-export.service.js';
export * from './account-erasure.service.js';
export * from './privacy.module.js';

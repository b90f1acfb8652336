export * from './moderation.entities.js';
export * from './moderation-sql.js';
export * from './moderation.repository.js';
export * from './moderation.service.js';
export * from './hidden-need.js';

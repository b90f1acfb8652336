export * from './open-data-publication.entity.js';
export * from './open-data-format.js';
export * from './open-data.repository.js';
export * from './open-data.service.js';
export * from './open-data.module.js';

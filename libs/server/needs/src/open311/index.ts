export * from './open311.entities.js';
export * from './open311-format.js';
export * from './open311.repository.js';
export * from './open311.service.js';
export * from './open311.module.js';

export * from './assisted.entities.js';
export * from './assisted.repository.js';
export * from './assisted-intake.service.js';
export * from './assisted.module.js';

export * from './entities/help-place.entity.js';
export * from './help-place-schema.js';
export * from './opening-hours.js';
export * from './help-places.repository.js';
export * from './help-places.service.js';
export * from './help.module.js';
export * from './seed/help-places.seed.js';

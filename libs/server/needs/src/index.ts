export * from './entities/need.entity.js';
export * from './entities/need-routing.entity.js';
export * from './entities/need-status-change.entity.js';
export * from './needs.repository.js';
export * from './needs.service.js';
export * from './needs.module.js';

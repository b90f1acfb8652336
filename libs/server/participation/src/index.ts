export * from './entities/need-support.entity.js';
export * from './entities/need-support-tally.entity.js';
export * from './entities/need-paper-support.entity.js';
export * from './entities/need-backing.entity.js';
export * from './entities/need-follow.entity.js';
export * from './entities/authority-participation.entity.js';
export * from './entities/need-engagement.entity.js';
export * from './participation.module.js';

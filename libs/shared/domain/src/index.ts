export * from './need-status.js';
export * from './competence.js';
export * from './need-limits.js';
export * from './reference.js';
export * from './need-structure.js';
export * from './need-workflow.js';
export * from './need-channel.js';

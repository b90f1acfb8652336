export * from './need.types.js';
export * from './need.mapper.js';
export * from './needs-graphql.module.js';
export * from './needs.resolver.js';
export * from './photos.controller.js';
export * from './change-need-status.input.js';
export * from './need-workflow.resolver.js';
export * from './need-workflow.types.js';

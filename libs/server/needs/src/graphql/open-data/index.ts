export * from './open-data.types.js';
export * from './open-data.resolver.js';
export * from './open-data.controller.js';
export * from './open-data-graphql.module.js';

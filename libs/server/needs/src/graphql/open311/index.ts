export * from './open311.types.js';
export * from './open311.resolver.js';
export * from './open311.controller.js';
export * from './open311-graphql.module.js';

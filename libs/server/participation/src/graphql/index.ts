export * from './participation-graphql.module.js';
export * from './participation.types.js';
export * from './participation.resolver.js';
export * from './merge.types.js';
export * from './merge.resolver.js';
export * from './accountability.types.js';
export * from './accountability.resolver.js';

export * from './assisted.types.js';
export * from './assisted.resolver.js';
export * from './assisted-graphql.module.js';

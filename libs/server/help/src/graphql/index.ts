export * from './help.types.js';
export * from './help.resolver.js';
export * from './help-graphql.module.js';

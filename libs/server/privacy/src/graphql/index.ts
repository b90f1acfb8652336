export * from './privacy.types.js';
export * from './privacy.resolver.js';
export * from './privacy.controller.js';
export * from './privacy-graphql.module.js';

export * from './exports.types.js';
export * from './exports.mapper.js';
export * from './audit.resolver.js';
export * from './inbox-exports.resolver.js';
export * from './exports.controller.js';
export * from './exports-graphql.module.js';

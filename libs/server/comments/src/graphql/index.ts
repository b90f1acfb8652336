export * from './comment.types.js';
export * from './comments.resolver.js';
export * from './comments-graphql.module.js';

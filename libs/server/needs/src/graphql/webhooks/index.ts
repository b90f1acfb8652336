export * from './webhooks.types.js';
export * from './webhooks.resolver.js';
export * from './webhooks-graphql.module.js';

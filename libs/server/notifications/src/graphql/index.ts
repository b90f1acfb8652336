export * from './notifications.resolver.js';
export * from './notifications-graphql.module.js';

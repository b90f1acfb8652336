export * from './notifications-graphql.module.js';

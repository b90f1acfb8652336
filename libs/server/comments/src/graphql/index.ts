export * from './comments-graphql.module.js';

export * from './participation-graphql.module.js';

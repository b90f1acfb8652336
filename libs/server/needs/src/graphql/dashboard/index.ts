export * from './dashboard.types.js';
export * from './dashboard.resolver.js';
export * from './dashboard-graphql.module.js';

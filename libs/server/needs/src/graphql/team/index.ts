export * from './team.types.js';
export * from './team.resolver.js';
export * from './team-graphql.module.js';

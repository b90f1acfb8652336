export * from './territory.types.js';
export * from './territory.mappers.js';
export * from './territory-graphql.module.js';
export * from './territory.resolver.js';

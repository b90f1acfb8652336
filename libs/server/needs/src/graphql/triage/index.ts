export * from './triage.types.js';
export * from './triage.resolver.js';
export * from './triage-graphql.module.js';

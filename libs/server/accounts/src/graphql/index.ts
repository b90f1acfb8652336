export * from './account.types.js';
export * from './request-context.js';
export * from './accounts.resolver.js';
export * from './organisations.resolver.js';
export * from './oidc.types.js';
export * from './oidc.resolver.js';
export * from './accounts-graphql.module.js';

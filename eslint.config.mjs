// Lint keeps the rooms apart (STYLE.md): the web never imports server frameworks, the worker never
// imports GraphQL, the shared domain imports no framework, and GraphQL stays in graphql/ folders.
import tseslint from 'typescript-eslint';

const SERVER_ONLY = ['typeorm', 'typeorm/*', 'bullmq', 'ioredis', 'pg', '@nestjs/*', '@pit/core', '@pit/territory', '@pit/territory/*', '@pit/needs', '@pit/needs/*', '@pit/participation', '@pit/participation/*', '@pit/comments', '@pit/comments/*', '@pit/notifications', '@pit/notifications/*', '@pit/exports', '@pit/exports/*', '@pit/help', '@pit/help/*'];
const GRAPHQL = ['@nestjs/graphql', '@nestjs/apollo', '@apollo/*', '@pit/territory/graphql', '@pit/needs/graphql', '@pit/participation/graphql', '@pit/comments/graphql', '@pit/notifications/graphql', '@pit/exports/graphql', '@pit/help/graphql'];
const FRAMEWORKS = ['@nestjs/*', 'typeorm', 'typeorm/*', 'bullmq', 'graphql', 'svelte', 'svelte/*', '@sveltejs/*', 'class-validator', 'class-transformer', 'pg', 'ioredis'];

const restrict = (patterns, message) => ({
  'no-restricted-imports': ['error', { patterns: [{ group: patterns, message }] }],
});

export default tseslint.config(
  { ignores: ['**/node_modules/**', '**/dist/**', '**/build/**', '**/.svelte-kit/**', '.data/**', 'test-results/**', 'e2e/results/**', '**/*.svelte'] },
  {
    files: ['**/*.ts'],
    extends: [tseslint.configs.base],
    rules: {
      'no-debugger': 'error',
    },
  },
  {
    files: ['apps/api/src/**/*.ts', 'apps/worker/src/**/*.ts', 'libs/server/**/src/**/*.ts'],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    ignores: ['**/*.spec.ts', '**/*.integration-spec.ts', '**/*.fixture.ts'],
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': 'error',
    },
  },
  { files: ['apps/web/src/**/*.ts'], rules: restrict(SERVER_ONLY, 'The web talks to the api over GraphQL; server frameworks stay on the server.') },
  { files: ['apps/worker/src/**/*.ts', 'libs/server/*/src/jobs/**/*.ts'], rules: restrict(GRAPHQL, 'The worker has no GraphQL.') },
  { files: ['libs/shared/domain/src/**/*.ts'], rules: restrict(FRAMEWORKS, 'The shared domain imports no framework.') },
  {
    files: ['libs/server/**/src/**/*.ts'],
    ignores: ['libs/server/*/src/graphql/**'],
    rules: restrict(['@nestjs/graphql', '@nestjs/apollo', '@apollo/*'], 'GraphQL types and resolvers live in the graphql/ folder of each lib.'),
  },
);

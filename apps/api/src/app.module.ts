import { Module } from '@nestjs/common';
import { GraphQLModule } from '@nestjs/graphql';
import { ApolloDriver, type ApolloDriverConfig } from '@nestjs/apollo';
import { CoreModule, loadConfig } from '@pit/core';
import { TerritoryGraphqlModule } from '@pit/territory/graphql';
import { AssistedGraphqlModule, DashboardGraphqlModule, NeedsGraphqlModule, Open311GraphqlModule, OpenDataGraphqlModule, TeamGraphqlModule, TriageGraphqlModule, WebhooksGraphqlModule } from '@pit/needs/graphql';
import { AccountsGraphqlModule } from '@pit/accounts/graphql';
import { ParticipationGraphqlModule } from '@pit/participation/graphql';
import { CommentsGraphqlModule } from '@pit/comments/graphql';
import { NotificationsGraphqlModule } from '@pit/notifications/graphql';
import { ExportsGraphqlModule } from '@pit/exports/graphql';
import { HelpGraphqlModule } from '@pit/help/graphql';
import { PrivacyGraphqlModule } from '@pit/privacy/graphql';
import { formatGraphqlError } from './graphql-errors.js';
import { inputGuardPlugin } from './graphql-input-guard.js';
import { aliasLimitRule, complexityPlugin, depthLimitRule, MAX_TOKENS } from './graphql-limits.js';
import { noStorePlugins } from './graphql-no-store.js';
import { OpsModule } from './ops/ops.module.js';

export const GRAPHQL_MODULES = [
  AccountsGraphqlModule,
  TerritoryGraphqlModule,
  NeedsGraphqlModule,
  TeamGraphqlModule,
  TriageGraphqlModule,
  ParticipationGraphqlModule,
  CommentsGraphqlModule,
  NotificationsGraphqlModule,
  ExportsGraphqlModule,
  HelpGraphqlModule,
  PrivacyGraphqlModule,
  AssistedGraphqlModule,
  Open311GraphqlModule,
  WebhooksGraphqlModule,
  DashboardGraphqlModule,
  OpenDataGraphqlModule,
];

@Module({
  imports: [
    CoreModule,
    GraphQLModule.forRootAsync<ApolloDriverConfig>({
      driver: ApolloDriver,
      useFactory: () => {
        const production = loadConfig().nodeEnv === 'production';
        return {
          validationRules: [depthLimitRule(), aliasLimitRule()],
          parseOptions: { maxTokens: MAX_TOKENS },
          plugins: [complexityPlugin(), inputGuardPlugin(), ...noStorePlugins()],
          // One operation per HTTP request: no batching.
          allowBatchedHttpRequests: false,
          autoSchemaFile: true,
          sortSchema: true,
          playground: false,
          introspection: !production,
          csrfPrevention: true,
          formatError: (formatted, error) => formatGraphqlError(formatted, error, production),
        };
      },
    }),
    ...GRAPHQL_MODULES,
    OpsModule,
  ],
})
export class AppModule {}

import type { ApolloServerPlugin } from '@apollo/server';
import { ApolloServerPluginCacheControlDisabled } from '@apollo/server/plugin/disabled';

/**
 * GraphQL answers are never cached (`cache-control: no-store`), as Apollo's default cache-control plugin
 * answered when no cache hint is given, which the api never gives. That plugin wrapped every resolved field
 * of every request (≈ 200 fields for a page of 20 needs) to collect hints: a measurable share of the CPU per
 * request (bench/needs-feed.mjs). It is disabled and the header is set once per answer instead.
 */
export function noStorePlugins(): ApolloServerPlugin[] {
  return [
    ApolloServerPluginCacheControlDisabled(),
    {
      async requestDidStart() {
        return {
          async willSendResponse({ response }) {
            if (!response.http.headers.has('cache-control')) response.http.headers.set('cache-control', 'no-store');
          },
        };
      },
    },
  ];
}

// See https://svelte.dev/docs/kit/types#app.d.ts
import type { GraphQLClient } from '$lib/server/api';
import type { Locale, Messages } from '$lib/i18n';
import type { MeData } from '$lib/server/operations';

declare global {
  namespace App {
    interface Error {
      message: string;
    }
    interface Locals {
      /** GraphQL client carrying this visitor's session token, address and browser. */
      api: GraphQLClient;
      /** The logged-in person, or null. */
      me: MeData | null;
      /** The session could not be checked because the API is down. */
      identityUnavailable: boolean;
      /** Language of the response (hooks.server.ts): French unless the visitor chose English. */
      locale: Locale;
    }
    interface PageData {
      /** From the root layout: the language of the page and the header's messages in it. */
      locale: Locale;
      ui: Messages['layout'];
    }
  }
}

export {};

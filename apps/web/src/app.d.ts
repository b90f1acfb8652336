// See https://svelte.dev/docs/kit/types#app.d.ts
import type { GraphQLClient } from '$lib/server/api';
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
    }
  }
}

export {};

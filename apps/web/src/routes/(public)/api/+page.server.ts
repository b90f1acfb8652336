import type { PageServerLoad } from './$types';
import generated from '$lib/server/public-api.generated.json';

export const csr = false;

// The public GraphQL API for reusers (issue 7 item 7): the operations that need no login, taken from the
// committed schema and the authorization matrix by tools/public-api.mjs (introspection is off in production).
export const load: PageServerLoad = ({ url }) => ({
  endpoint: `${url.origin}/graphql`,
  limits: generated.limits,
  operations: generated.operations,
});

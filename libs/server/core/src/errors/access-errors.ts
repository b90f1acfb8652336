import { GraphQLError } from 'graphql';

export const FORBIDDEN = 'FORBIDDEN';
export const UNAUTHENTICATED = 'UNAUTHENTICATED';

export function forbidden(message = "Vous n'avez pas le droit de faire cette action."): GraphQLError {
  return new GraphQLError(message, { extensions: { code: FORBIDDEN } });
}

export function unauthenticated(message = 'Connectez-vous pour continuer.'): GraphQLError {
  return new GraphQLError(message, { extensions: { code: UNAUTHENTICATED } });
}

/** Too many attempts: the message says how long to wait. */
export function tooManyAttempts(message: string, retryAfterSeconds: number): GraphQLError {
  return new GraphQLError(message, { extensions: { code: 'TOO_MANY_REQUESTS', retryAfterSeconds } });
}

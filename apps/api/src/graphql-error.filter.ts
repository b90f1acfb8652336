import { Catch } from '@nestjs/common';
import type { GqlExceptionFilter } from '@nestjs/graphql';
import { GraphQLError } from 'graphql';

/**
 * Errors the api raises on purpose (refused input, denied access) go to the client as they are,
 * without being logged as server errors; anything else still reaches Nest's handler and the log.
 */
@Catch(GraphQLError)
export class GraphqlErrorFilter implements GqlExceptionFilter {
  catch(error: GraphQLError): GraphQLError {
    return error;
  }
}

// Server-side GraphQL client: one POST per operation, typed by the documents in operations.ts.
import type { TypedDocument } from './operations';

export interface FieldError {
  field: string;
  message: string;
}

interface GraphQLErrorBody {
  message: string;
  extensions?: { code?: string; fields?: FieldError[] };
}

/** The API could not be reached or answered something else than GraphQL (network, 5xx, timeout). */
export class ApiUnavailableError extends Error {
  override name = 'ApiUnavailableError';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

/** The API answered with GraphQL errors; `code` is the first error's extensions.code. */
export class ApiError extends Error {
  override name = 'ApiError';
  readonly code: string;
  readonly errors: GraphQLErrorBody[];
  constructor(errors: GraphQLErrorBody[]) {
    super(errors[0]?.message ?? 'GraphQL error');
    this.errors = errors;
    this.code = errors[0]?.extensions?.code ?? 'INTERNAL_SERVER_ERROR';
  }

  /** Field errors of a BAD_USER_INPUT answer (empty otherwise). */
  get fields(): FieldError[] {
    return this.errors.flatMap((e) => (e.extensions?.code === 'BAD_USER_INPUT' ? (e.extensions.fields ?? []) : []));
  }

  get isBadUserInput(): boolean {
    return this.code === 'BAD_USER_INPUT';
  }
}

export interface ClientOptions {
  /** Base URL of the API, without /graphql. */
  url: string;
  fetch?: typeof fetch;
  timeoutMs?: number;
  /** Sent with every request: identity and client address forwarded by the web server. */
  headers?: Record<string, string>;
}

export type GraphQLClient = <TData, TVars>(
  document: TypedDocument<TData, TVars>,
  ...variables: TVars extends Record<string, never> ? [] : [TVars]
) => Promise<TData>;

export function createClient({ url, fetch: doFetch = fetch, timeoutMs = 10_000, headers = {} }: ClientOptions): GraphQLClient {
  const endpoint = `${url.replace(/\/+$/, '')}/graphql`;
  return async (document, ...rest) => {
    let response: Response;
    try {
      response = await doFetch(endpoint, {
        method: 'POST',
        // A JSON content type (and this header) satisfies Apollo's CSRF prevention.
        headers: { ...headers, 'content-type': 'application/json', accept: 'application/json', 'apollo-require-preflight': 'true' },
        body: JSON.stringify({ query: document.query, variables: rest[0] ?? {} }),
        signal: AbortSignal.timeout(timeoutMs),
      });
    } catch (cause) {
      throw new ApiUnavailableError(`API unreachable at ${endpoint}`, { cause });
    }
    let body: { data?: unknown; errors?: GraphQLErrorBody[] };
    try {
      body = (await response.json()) as typeof body;
    } catch (cause) {
      throw new ApiUnavailableError(`API answered ${response.status} without JSON`, { cause });
    }
    if (body.errors?.length) throw new ApiError(body.errors);
    if (!response.ok || body.data == null) throw new ApiUnavailableError(`API answered ${response.status} without data`);
    return body.data as never;
  };
}

export const API_URL = process.env.API_URL || 'http://127.0.0.1:3001';

/** Anonymous client for data shared by every visitor (communes, themes). Requests use `locals.api`. */
export const api: GraphQLClient = createClient({ url: API_URL });

import 'reflect-metadata';
import type { INestApplicationContext } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { DataSource } from 'typeorm';
import { RolesService, SessionsService } from '@pit/accounts';
import { createApi } from '../../apps/api/src/bootstrap.js';
import { createWorker, type WorkerOptions } from '../../apps/worker/src/bootstrap.js';

export interface GraphqlResponse<T> {
  data?: T | null;
  errors?: Array<{ message: string; extensions?: { code?: string; fields?: Array<{ field: string; message: string }> } }>;
}

/** The real api (Fastify + Apollo + PostgreSQL), requests injected without a socket. */
export async function startApi(): Promise<NestFastifyApplication> {
  const app = await createApi();
  await app.init();
  await app.getHttpAdapter().getInstance().ready();
  return app;
}

export async function startWorker(options: WorkerOptions = {}): Promise<INestApplicationContext> {
  return createWorker(options);
}

export async function graphql<T>(
  app: NestFastifyApplication,
  query: string,
  variables: Record<string, unknown> = {},
  options: { token?: string | null; headers?: Record<string, string> } = {},
): Promise<GraphqlResponse<T>> {
  const response = await app.inject({
    method: 'POST',
    url: '/graphql',
    headers: {
      'content-type': 'application/json',
      ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
      ...options.headers,
    },
    payload: JSON.stringify({ query, variables }),
  });
  return JSON.parse(response.body) as GraphqlResponse<T>;
}

let people = 0;

/** Signs up a resident through the API and returns their session token. */
export async function signUpResident(app: NestFastifyApplication, name = 'Résident'): Promise<{ token: string; email: string; pseudonym: string }> {
  people += 1;
  const unique = `${Date.now().toString(36)}${people}${Math.random().toString(36).slice(2, 6)}`;
  const pseudonym = `${name} ${unique}`.slice(0, 40);
  const email = `resident-${unique}@exemple.fr`;
  const result = await graphql<{ signUp: { sessionToken: string } }>(
    app,
    `mutation($input: SignUpInput!) { signUp(input: $input) { sessionToken } }`,
    { input: { pseudonym, email, password: 'une phrase de passe solide' } },
  );
  if (!result.data?.signUp) throw new Error(`sign-up failed: ${JSON.stringify(result.errors)}`);
  return { token: result.data.signUp.sessionToken, email, pseudonym };
}

/** Inserts a person directly (for tests below the GraphQL layer) and returns an actor for them. */
export async function createActor(dataSource: DataSource, name = 'Test') {
  people += 1;
  const pseudonym = `${name} ${Date.now().toString(36)}${people}`;
  const [row] = await dataSource.query(`INSERT INTO person (pseudonym, pseudonym_key) VALUES ($1, lower($1)) RETURNING id`, [pseudonym]);
  return { personId: row.id as string, sessionId: '00000000-0000-4000-8000-000000000000', pseudonym, roles: [] };
}

export function dataSourceOf(app: INestApplicationContext): DataSource {
  return app.get(DataSource);
}

/** Polls until `probe` returns a value other than undefined, or fails after `timeoutMs`. */
export async function waitFor<T>(probe: () => Promise<T | undefined>, { timeoutMs = 20_000, intervalMs = 100, what = 'condition' } = {}): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}

export const SUBMIT_NEED = /* GraphQL */ `
  mutation Submit($input: SubmitNeedInput!) {
    submitNeed(input: $input) { id reference status statusLabel routing { level } }
  }
`;

export const NEED = /* GraphQL */ `
  query Need($reference: String!) {
    need(reference: $reference) {
      reference status statusLabel
      commune { code name epci { name } }
      category { key theme { key } }
      routing { level reason authority { kind name code } }
      history { status label note }
    }
  }
`;

export const DESCRIPTION = 'Une description suffisamment longue pour être acceptée par la plateforme.';

export type RolePlan = { role: 'agent'; authorityId: string } | { role: 'moderator' | 'admin' } | null;

/**
 * Signs up one account per name of `plan` and gives it its staff role (none for null), then opens a
 * fresh session for it: a role change ends the person's sessions. Returns their ids and tokens.
 */
export async function accountsWithRoles<K extends string>(
  app: NestFastifyApplication,
  prefix: string,
  plan: Record<K, RolePlan>,
): Promise<{ ids: Record<K, string>; tokens: Record<K, string> }> {
  const dataSource = app.get(DataSource);
  const ids = {} as Record<K, string>;
  const tokens = {} as Record<K, string>;
  for (const who of Object.keys(plan) as K[]) {
    const account = await signUpResident(app, `${prefix} ${who}`);
    const [row] = await dataSource.query(`SELECT id FROM person WHERE email = $1`, [account.email]);
    ids[who] = row.id;
    const grant = plan[who];
    if (grant) await app.get(RolesService).assign(null, { email: account.email, ...grant });
    tokens[who] = await dataSource.transaction(
      async (manager) => (await app.get(SessionsService).create(manager, ids[who], 'password', { clientIp: null, userAgent: null })).token,
    );
  }
  return { ids, tokens };
}

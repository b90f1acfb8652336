import 'reflect-metadata';
import type { INestApplicationContext } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { DataSource } from 'typeorm';
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

export async function graphql<T>(app: NestFastifyApplication, query: string, variables: Record<string, unknown> = {}): Promise<GraphqlResponse<T>> {
  const response = await app.inject({
    method: 'POST',
    url: '/graphql',
    headers: { 'content-type': 'application/json' },
    payload: JSON.stringify({ query, variables }),
  });
  return JSON.parse(response.body) as GraphqlResponse<T>;
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

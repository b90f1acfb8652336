import { timingSafeEqual } from 'node:crypto';

/**
 * The rule for /metrics (on the api and on the worker's health port): it answers only to
 * `Authorization: Bearer <METRICS_TOKEN>`; without METRICS_TOKEN set, metrics are off (404).
 */
export function metricsAccess(authorization: string | undefined, token = process.env.METRICS_TOKEN): 'ok' | 'disabled' | 'denied' {
  if (!token) return 'disabled';
  const given = Buffer.from(authorization?.startsWith('Bearer ') ? authorization.slice(7) : '');
  const expected = Buffer.from(token);
  return given.length === expected.length && timingSafeEqual(given, expected) ? 'ok' : 'denied';
}

/** Resolves with `work`, or rejects after `ms` (a Redis that is down leaves BullMQ commands pending). */
export function withTimeout<T>(work: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: no answer within ${ms} ms`)), ms);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

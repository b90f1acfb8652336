// The load generator shared by the benchmarks: `concurrency` loops, each sending its next request as soon
// as the previous answered (closed loop), until `total` requests are done or `seconds` have passed.
// Every latency is kept, so percentiles are exact. HTTP requests go through one keep-alive agent.
import http from 'node:http';

/** Runs `task(i)` (a promise) from `concurrency` loops; returns throughput and latency percentiles. */
export async function closedLoop({ concurrency, total = Infinity, seconds = Infinity, task }) {
  const latencies = [];
  let next = 0;
  let errors = 0;
  let firstError = null;
  const started = performance.now();
  const deadline = started + seconds * 1000;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < total && performance.now() < deadline) {
        const i = next++;
        const t0 = performance.now();
        try {
          await task(i);
          latencies.push(performance.now() - t0);
        } catch (error) {
          errors++;
          firstError ??= error;
        }
      }
    }),
  );
  const elapsed = (performance.now() - started) / 1000;
  if (errors && !latencies.length) throw firstError;
  return { requests: latencies.length, errors, firstError: firstError ? String(firstError.message ?? firstError).slice(0, 300) : null, seconds: round(elapsed, 3), perSecond: round(latencies.length / elapsed, 1), ...percentiles(latencies) };
}

/** p50/p95/p99 (ms) of a list of latencies. */
export function percentiles(latencies) {
  const sorted = Float64Array.from(latencies).sort();
  const at = (p) => (sorted.length ? round(sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)], 2) : null);
  return { p50: at(50), p95: at(95), p99: at(99), max: sorted.length ? round(sorted[sorted.length - 1], 2) : null };
}

export function round(value, digits = 2) {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}

const agent = new http.Agent({ keepAlive: true, maxSockets: 512 });

/** POST a JSON body; resolves to the parsed JSON answer, rejects on a non-2xx status. */
export function postJson(url, body, headers = {}) {
  const payload = Buffer.from(JSON.stringify(body));
  return new Promise((resolve, reject) => {
    const request = http.request(
      url,
      { method: 'POST', agent, headers: { 'content-type': 'application/json', 'content-length': payload.length, ...headers } },
      (response) => {
        const chunks = [];
        response.on('data', (chunk) => chunks.push(chunk));
        response.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          if (response.statusCode < 200 || response.statusCode >= 300) reject(new Error(`HTTP ${response.statusCode}: ${text.slice(0, 300)}`));
          else {
            try {
              resolve(JSON.parse(text));
            } catch (error) {
              reject(error);
            }
          }
        });
        response.on('error', reject);
      },
    );
    request.on('error', reject);
    request.end(payload);
  });
}

/** A GraphQL call that rejects when the answer carries errors. */
export async function graphql(url, query, variables, headers = {}) {
  const answer = await postJson(url, { query, variables }, headers);
  if (answer.errors?.length) throw new Error(`GraphQL: ${JSON.stringify(answer.errors).slice(0, 300)}`);
  return answer.data;
}

// What the fault suite does to and reads from the platform: seed people by SQL, submit needs through
// GraphQL, look at the queue, and the checks (routed once, emails once, backlog drained).
import crypto from 'node:crypto';
import pg from 'pg';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { sleep } from '../../lib/procs.mjs';

const SUBMIT = `mutation Submit($input: SubmitNeedInput!) { submitNeed(input: $input) { id reference status } }`;
const DESCRIPTION = 'Besoin déposé par la suite de pannes : le lampadaire de la rue reste éteint depuis plusieurs soirs.';

/** A PostgreSQL pool that survives the database's restarts (errors of idle clients are expected). */
export function database(url) {
  const pool = new pg.Pool({ connectionString: url, max: 4 });
  pool.on('error', () => undefined);
  return pool;
}

/** Runs `sql`, retrying while the database is down (for polling loops around a restart). */
export async function queryPatiently(pool, sql, params = [], timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return (await pool.query(sql, params)).rows;
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await sleep(250);
    }
  }
}

/**
 * Residents with a session each (token known to us), one agent per authority who wants an email at
 * once for every new need (so that routing produces mail to count), and the (category, commune)
 * pairs that a routing rule covers.
 */
export async function seed(pool, { residents = 50 } = {}) {
  const tokens = [];
  for (let i = 0; i < residents; i++) {
    const token = crypto.randomBytes(32).toString('base64url');
    const pseudonym = `Habitant panne ${i + 1}`;
    const {
      rows: [person],
    } = await pool.query(`INSERT INTO person (pseudonym, pseudonym_key, email, email_verified_at) VALUES ($1, lower($1), $2, now()) RETURNING id`, [
      pseudonym,
      `habitant-${i + 1}@fault.test`,
    ]);
    await pool.query(`INSERT INTO session (token_hash, person_id, auth_method, expires_at) VALUES ($1, $2, 'password', now() + interval '1 day')`, [
      crypto.createHash('sha256').update(token, 'utf8').digest(),
      person.id,
    ]);
    tokens.push(token);
  }
  const { rows: authorities } = await pool.query(`SELECT id FROM authority ORDER BY name`);
  for (const [i, authority] of authorities.entries()) {
    const pseudonym = `Agent panne ${i + 1}`;
    const {
      rows: [person],
    } = await pool.query(`INSERT INTO person (pseudonym, pseudonym_key, email, email_verified_at) VALUES ($1, lower($1), $2, now()) RETURNING id`, [
      pseudonym,
      `agent-${i + 1}@fault.test`,
    ]);
    await pool.query(`INSERT INTO role_assignment (person_id, role, authority_id) VALUES ($1, 'agent', $2)`, [person.id, authority.id]);
    await pool.query(`INSERT INTO staff_alert_preference (person_id, mode) VALUES ($1, 'immediate')`, [person.id]);
  }
  const { rows: pairs } = await pool.query(
    `SELECT c.key AS "categoryKey", co.code AS "communeCode"
       FROM category c CROSS JOIN commune co
      WHERE EXISTS (SELECT 1 FROM routing_rule r WHERE r.category_key = c.key AND r.epci_id = co.epci_id AND (r.commune_code IS NULL OR r.commune_code = co.code))
      ORDER BY c.key, co.code`,
  );
  if (!pairs.length) throw new Error('no (category, commune) pair has a routing rule: is the territory seeded?');
  return { tokens, agents: authorities.length, pairs };
}

/**
 * One submitNeed through GraphQL. `ok` only when the api answered 200 with the need (acknowledged);
 * otherwise the HTTP status and the GraphQL error code say how it was refused.
 */
export async function submitNeed(apiUrl, token, input, timeoutMs = 20_000) {
  const started = Date.now();
  try {
    const response = await fetch(`${apiUrl}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query: SUBMIT, variables: { input } }),
      signal: AbortSignal.timeout(timeoutMs),
    });
    const text = await response.text();
    let body = null;
    try {
      body = JSON.parse(text);
    } catch {
      /* not JSON */
    }
    const need = body?.data?.submitNeed;
    const ms = Date.now() - started;
    if (response.status === 200 && need?.id && !body.errors?.length) return { ok: true, status: 200, id: need.id, reference: need.reference, ms };
    return { ok: false, status: response.status, code: body?.errors?.[0]?.extensions?.code ?? null, message: body?.errors?.[0]?.message ?? text.slice(0, 200), ms };
  } catch (error) {
    return { ok: false, status: 0, code: error.name === 'TimeoutError' ? 'TIMEOUT' : (error.cause?.code ?? 'NETWORK'), message: error.message, ms: Date.now() - started };
  }
}

/**
 * Submits `total` needs, started at `ratePerSecond`, spread over the api processes in turn, each by one
 * of the residents; a submission that was not acknowledged is tried again (a new attempt, as a
 * person would press the button again) up to `maxAttempts` times.
 */
export async function submitMany({ apiUrls, tokens, pairs, total, ratePerSecond, concurrency = 32, maxAttempts = 10, label }) {
  const results = Array.from({ length: total }, () => ({ id: null, attempts: 0, refusals: [] }));
  const refusals = new Map(); // "status code" → count
  let inFlight = 0;
  let next = 0;
  const retry = [];
  const t0 = Date.now();
  let latencies = [];

  const attempt = async (i) => {
    const r = results[i];
    r.attempts += 1;
    const pair = pairs[(i * 7919) % pairs.length];
    const input = {
      title: `${label} ${i + 1} essai ${r.attempts}`,
      description: DESCRIPTION,
      categoryKey: pair.categoryKey,
      communeCode: pair.communeCode,
    };
    const answer = await submitNeed(apiUrls[(i + r.attempts) % apiUrls.length], tokens[i % tokens.length], input);
    latencies.push(answer.ms);
    if (answer.ok) {
      r.id = answer.id;
      return;
    }
    const key = `${answer.status} ${answer.code ?? ''}`.trim();
    refusals.set(key, (refusals.get(key) ?? 0) + 1);
    r.refusals.push(key);
    if (r.attempts < maxAttempts) retry.push({ i, at: Date.now() + 1000 });
  };

  await new Promise((resolve) => {
    const pump = () => {
      const now = Date.now();
      while (inFlight < concurrency) {
        let i = null;
        const due = retry.findIndex((x) => x.at <= now);
        if (due >= 0) i = retry.splice(due, 1)[0].i;
        else if (next < total && now >= t0 + (next * 1000) / ratePerSecond) i = next++;
        if (i === null) break;
        inFlight += 1;
        void attempt(i).finally(() => {
          inFlight -= 1;
        });
      }
      if (next >= total && inFlight === 0 && retry.length === 0) return resolve();
      setTimeout(pump, 5);
    };
    pump();
  });
  latencies = latencies.sort((a, b) => a - b);
  const pct = (p) => latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))] ?? null;
  return {
    acknowledged: results.filter((r) => r.id).map((r) => r.id),
    gaveUp: results.filter((r) => !r.id).length,
    attempts: results.reduce((sum, r) => sum + r.attempts, 0),
    refusals: Object.fromEntries([...refusals.entries()].sort()),
    fiveXx: [...refusals.entries()].filter(([key]) => key.startsWith('5')).reduce((sum, [, n]) => sum + n, 0),
    seconds: (Date.now() - t0) / 1000,
    latencyMs: { p50: pct(50), p95: pct(95), max: latencies.at(-1) ?? null },
  };
}

/** The suite's own view of the jobs queue (same prefix as the apps). */
export function jobsQueue(redisUrl, prefix) {
  const connection = new Redis(redisUrl, { maxRetriesPerRequest: null, retryStrategy: () => 200 });
  connection.on('error', () => undefined);
  const queue = new Queue('jobs', { connection, prefix });
  queue.on('error', () => undefined);
  return {
    queue,
    async counts() {
      return queue.getJobCounts('waiting', 'active', 'delayed', 'prioritized', 'failed', 'completed', 'paused');
    },
    async close() {
      await queue.close().catch(() => undefined);
      connection.disconnect();
    },
  };
}

/** Where the backlog stands, from the database (needs, outbox, staff alerts, emails). */
export async function backlog(pool, needIds = null) {
  const scope = needIds ? 'AND n.id = ANY($1::uuid[])' : '';
  const params = needIds ? [needIds] : [];
  const [row] = await queryPatiently(
    pool,
    `SELECT (SELECT count(*)::int FROM need n WHERE true ${scope}) AS needs,
            (SELECT count(*)::int FROM need n WHERE n.current_routing_id IS NULL ${scope}) AS unrouted,
            (SELECT count(*)::int FROM outbox_message WHERE published_at IS NULL) AS unpublished,
            (SELECT count(*)::int FROM need n WHERE n.current_routing_id IS NOT NULL AND n.status NOT IN ('pending_confirmation', 'hidden') ${scope}
                AND NOT EXISTS (SELECT 1 FROM staff_need_alert a WHERE a.need_id = n.id)) AS "alertsMissing",
            (SELECT count(*)::int FROM staff_need_alert a JOIN need n ON n.id = a.need_id WHERE a.delivery = 'immediate' AND a.sent_at IS NULL ${scope}) AS "alertsUnsent"`,
    params,
  );
  return row;
}

export function drained(b) {
  return b.unrouted === 0 && b.unpublished === 0 && b.alertsMissing === 0 && b.alertsUnsent === 0;
}

/**
 * Polls until the backlog is drained (database side, and no job waiting or running), or `timeoutMs`.
 * Returns { drained, ms, last }.
 */
export async function waitForDrain({ pool, jobs, needIds = null, timeoutMs, onProgress }) {
  const t0 = Date.now();
  let last = null;
  let lastPrint = 0;
  while (Date.now() - t0 < timeoutMs) {
    try {
      last = await backlog(pool, needIds);
      const counts = await jobs.counts();
      last.queue = { waiting: counts.waiting + counts.prioritized + counts.paused, active: counts.active, delayed: counts.delayed, failed: counts.failed };
      if (drained(last) && last.queue.waiting === 0 && last.queue.active === 0) return { drained: true, ms: Date.now() - t0, last };
    } catch {
      /* a store is restarting: try again */
    }
    if (onProgress && Date.now() - lastPrint > 10_000) {
      lastPrint = Date.now();
      onProgress(last);
    }
    await sleep(250);
  }
  return { drained: false, ms: Date.now() - t0, last };
}

/** Needs routed other than exactly once: routing rows ≠ 1, or more than one status change to a routed status. */
export async function routingAnomalies(pool, needIds = null) {
  const scope = needIds ? 'WHERE n.id = ANY($1::uuid[])' : '';
  const params = needIds ? [needIds] : [];
  return queryPatiently(
    pool,
    `SELECT n.id, n.status,
            (SELECT count(*)::int FROM need_routing r WHERE r.need_id = n.id) AS routings,
            (SELECT count(*)::int FROM need_status_change c WHERE c.need_id = n.id AND c.status IN ('transmitted', 'out_of_scope')) AS "routedChanges"
       FROM need n ${scope}`,
    params,
  ).then((rows) => rows.filter((r) => r.routings !== 1 || r.routedChanges !== 1 || !['transmitted', 'out_of_scope'].includes(r.status)));
}

/**
 * The immediate staff alerts the database says were sent, against what reached the sink: missing
 * ones (recorded, never received) and the deliveries recorded (mail_delivery rows).
 */
export async function emailCheck(pool, messages, needIds = null) {
  const scope = needIds ? 'AND a.need_id = ANY($1::uuid[])' : '';
  const params = needIds ? [needIds] : [];
  const expected = await queryPatiently(
    pool,
    `SELECT p.email, n.reference
       FROM staff_need_alert a JOIN person p ON p.id = a.person_id JOIN need n ON n.id = a.need_id
      WHERE a.delivery = 'immediate' ${scope}`,
    params,
  );
  // The alert's subject ends with the need's reference: « Nouveau besoin pour <authority> : <reference> ».
  const received = new Set(messages.map((m) => `${m.to}\n${m.subject.split(': ').at(-1)}`));
  const missing = expected.filter((e) => !received.has(`${e.email.toLowerCase()}\n${e.reference}`));
  const [{ deliveries }] = await queryPatiently(pool, `SELECT count(*)::int AS deliveries FROM mail_delivery WHERE delivery_key LIKE 'staff-new-need:%'`);
  return { expected: expected.length, missing: missing.length, missingSample: missing.slice(0, 5), deliveries };
}

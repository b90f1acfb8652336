#!/usr/bin/env node
// Benchmark 5 (issue 8), pipeline: from a resident's submission to its status *transmis*, through the real
// api, outbox relay, BullMQ on Redis and worker.
//
//   flock /tmp/pit-build.lock node tools/build.mjs --only server      (once)
//   node bench/pipeline.mjs [--rate 50] [--seconds 60] [--residents 300] [--drain-needs 1000] [--drain-concurrency 4,8,16] [--no-drain] [--keep]
//
// A scratch database (pit_h3_pipeline: created, migrated, territory seeded; dropped at the end unless
// --keep), the built api and worker on free ports, the machine's Redis under a private QUEUE_PREFIX.
// --residents people with a session each are made in SQL (as a login makes them); their Bearer tokens submit,
// with the web server's key as the web server forwards a resident's form (apps/web/src/lib/server/session.ts).
//
// Phase 1, open loop: `submitNeed` is sent at --rate per second for --seconds (3,000 needs), each at its
// scheduled time whatever the previous answers (lateness = sent - scheduled, reported). For each need:
// submit → acknowledgement (HTTP answer), acknowledgement → *transmis* (the status-history row the route-need
// job writes), and the stages from the database and BullMQ: outbox row → published by the relay,
// job added → taken by the worker, taken → finished.
// Phase 2, side by side (unless --no-drain): for each worker concurrency of --drain-concurrency in turn,
// --drain-needs submissions with the worker stopped, as fast as 16 clients go (the api's submit capacity),
// then that worker started: the time to drain the backlog (the relay's and the worker's capacity), to
// compare with the rate offered in phase 1. WORKER_CONCURRENCY, OUTBOX_POLL_MS set phase 1's worker.
// Prints tables and writes bench/results/pipeline.json (rendered into bench/README.md by bench/report.mjs).
import path from 'node:path';
import IORedis from 'ioredis';
import pg from 'pg';
import { writeResults } from './lib/results.mjs';
import { createResidents, request, root, sampleLoad, scratchDatabase, startStack, summary } from './lib/stack.mjs';

const args = process.argv.slice(2);
const option = (name, fallback) => {
  const i = args.indexOf(name);
  return i === -1 ? fallback : args[i + 1];
};
const OPTS = {
  rate: Number(option('--rate', 50)),
  seconds: Number(option('--seconds', 60)),
  residents: Number(option('--residents', 300)),
  drain: !args.includes('--no-drain'),
  drainNeeds: Number(option('--drain-needs', 1000)),
  drainConcurrency: option('--drain-concurrency', '4,8,16').split(',').map(Number),
  keep: args.includes('--keep'),
};
const TOTAL = Math.round(OPTS.rate * OPTS.seconds);
const QUEUE_PREFIX = `h3-pipeline-${process.pid}`;
const log = (line) => console.log(`[pipeline] ${line}`);
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const round1 = (v) => Math.round(v * 10) / 10;

const SUBMIT = `mutation Submit($input: SubmitNeedInput!) { submitNeed(input: $input) { id reference status } }`;
const TITLES = ['Lampadaire éteint', 'Trottoir défoncé', 'Conteneur à verre plein', 'Passage piéton effacé', 'Banc cassé', 'Nid-de-poule dangereux', 'Arrêt de bus sans abri', 'Piste cyclable interrompue'];

/** The i-th submission: a title, a description, a category and a commune spread over the territory. */
function needInput(i, categories, communes) {
  const title = `${TITLES[i % TITLES.length]} n° ${i}`;
  return {
    title,
    description: `${title} : signalé par plusieurs habitants du quartier, la situation dure depuis des semaines et gêne les passants.`,
    categoryKey: categories[i % categories.length],
    communeCode: communes[(i * 7) % communes.length],
  };
}

// Set once the stack runs: the web server's key, sent as the web server sends it with a resident's form post
// (the api then skips its public rate limit's session lookup, as for every call of the web server).
let webKey = '';

/** One submitNeed through GraphQL as `resident`: { id, sentAt, ackAt (epoch ms), ms }. Throws on any error. */
async function submit(apiUrl, resident, input) {
  const sentAt = Date.now();
  const t0 = performance.now();
  const res = await request(`${apiUrl}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'apollo-require-preflight': 'true', authorization: `Bearer ${resident.token}`, 'x-pit-web-key': webKey },
    body: JSON.stringify({ query: SUBMIT, variables: { input } }),
  });
  const ms = performance.now() - t0;
  const ackAt = Date.now();
  const json = JSON.parse(res.body.toString('utf8'));
  if (res.status !== 200 || json.errors?.length || !json.data?.submitNeed) throw new Error(`submit: HTTP ${res.status} ${JSON.stringify(json.errors ?? json).slice(0, 300)}`);
  return { id: json.data.submitNeed.id, sentAt, ackAt, ms };
}

/** Open loop: submission i leaves at start + i / rate, whether or not the earlier ones were answered. */
async function openLoop(apiUrl, residents, inputs) {
  const interval = 1000 / OPTS.rate;
  const results = [];
  const errors = [];
  const pending = [];
  const start = performance.now() + 200;
  for (let i = 0; i < inputs.length; i++) {
    const due = start + i * interval;
    let now = performance.now();
    // Sleep until shortly before the slot, then send (a timer is late by ~1 ms; never early).
    if (due - now > 2) await sleep(due - now - 1);
    while ((now = performance.now()) < due) await new Promise((resolve) => setImmediate(resolve));
    const lateness = now - due;
    pending.push(
      submit(apiUrl, residents[i % residents.length], inputs[i]).then(
        (r) => results.push({ ...r, i, lateness }),
        (error) => errors.push({ i, lateness, message: String(error.message).slice(0, 200) }),
      ),
    );
  }
  const sendEnd = performance.now();
  await Promise.all(pending);
  return { results, errors, sendSeconds: (sendEnd - start) / 1000 };
}

/** Closed loop: 16 clients submit as fast as answered (the api's submit capacity, phase 2). */
async function closedLoop(apiUrl, residents, inputs, concurrency = 16) {
  const results = [];
  const errors = [];
  let next = 0;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < inputs.length) {
        const i = next++;
        try {
          results.push({ ...(await submit(apiUrl, residents[i % residents.length], inputs[i])), i });
        } catch (error) {
          errors.push({ i, message: String(error.message).slice(0, 200) });
        }
      }
    }),
  );
  return { results, errors, seconds: (performance.now() - t0) / 1000 };
}

/** Waits until none of `ids` is still reçu; returns the seconds waited (null on timeout). */
async function waitRouted(pool, ids, timeoutMs) {
  const t0 = performance.now();
  for (;;) {
    const { rows } = await pool.query(`SELECT count(*)::int AS n FROM need WHERE id = ANY($1::uuid[]) AND status = 'received'`, [ids]);
    if (!rows[0].n) return (performance.now() - t0) / 1000;
    if (performance.now() - t0 > timeoutMs) {
      log(`${rows[0].n} needs still reçu after ${timeoutMs / 1000} s`);
      return null;
    }
    await sleep(100);
  }
}

/** Waits until the queue holds no waiting, prioritized or active job (every follow-up ran); seconds, or null. */
async function waitQueueEmpty(redis, timeoutMs) {
  const t0 = performance.now();
  const key = (k) => `${QUEUE_PREFIX}:jobs:${k}`;
  for (;;) {
    const [[, waiting], [, prioritized], [, active]] = await redis.multi().llen(key('wait')).zcard(key('prioritized')).llen(key('active')).exec();
    if (!waiting && !prioritized && !active) return (performance.now() - t0) / 1000;
    if (performance.now() - t0 > timeoutMs) return null;
    await sleep(100);
  }
}

/** Per need: the database's timestamps of each step and BullMQ's of its route-need job (epoch ms). */
async function timeline(pool, redis, ids) {
  const { rows } = await pool.query(
    `SELECT n.id, n.status,
            extract(epoch FROM n.created_at) * 1000 AS created,
            extract(epoch FROM o.created_at) * 1000 AS outbox_created,
            extract(epoch FROM o.published_at) * 1000 AS published,
            o.job_key,
            extract(epoch FROM r.created_at) * 1000 AS routed,
            (SELECT extract(epoch FROM min(s.created_at)) * 1000 FROM need_status_change s
              WHERE s.need_id = n.id AND s.status IN ('transmitted', 'out_of_scope')) AS transmis
       FROM need n
       JOIN outbox_message o ON o.dedup_key = 'route-need:' || n.id
       LEFT JOIN need_routing r ON r.id = n.current_routing_id
      WHERE n.id = ANY($1::uuid[])`,
    [ids],
  );
  const batch = redis.pipeline();
  for (const row of rows) batch.hmget(`${QUEUE_PREFIX}:jobs:outbox-${row.job_key}`, 'timestamp', 'processedOn', 'finishedOn');
  const jobs = await batch.exec();
  return new Map(
    rows.map((row, i) => {
      const [added, processed, finished] = (jobs[i][1] ?? []).map((v) => (v === null ? null : Number(v)));
      const num = (v) => (v === null ? null : Number(v));
      return [row.id, { status: row.status, created: num(row.created), outboxCreated: num(row.outbox_created), published: num(row.published), routed: num(row.routed), transmis: num(row.transmis), added, processed, finished }];
    }),
  );
}

/** Every job of the private queue, by name: how many, and their run time (finished - taken). */
async function jobsByName(redis) {
  const keys = [];
  let cursor = '0';
  do {
    const [next, found] = await redis.scan(cursor, 'MATCH', `${QUEUE_PREFIX}:jobs:outbox-*`, 'COUNT', 1000);
    cursor = next;
    keys.push(...found.filter((k) => !k.includes(':', `${QUEUE_PREFIX}:jobs:outbox-`.length)));
  } while (cursor !== '0');
  const batch = redis.pipeline();
  for (const key of keys) batch.hmget(key, 'name', 'processedOn', 'finishedOn');
  const byName = {};
  for (const [, [name, processed, finished]] of await batch.exec()) {
    if (!name) continue;
    (byName[name] ??= []).push(processed && finished ? Number(finished) - Number(processed) : null);
  }
  return Object.fromEntries(Object.entries(byName).map(([name, runs]) => [name, { count: runs.length, runMs: summary(runs.filter((v) => v !== null)) }]));
}

/** Figures of one phase from the acknowledgements and the timelines. */
function figures(acks, times) {
  const diffs = (f) => acks.map((a) => f(a, times.get(a.id))).filter((v) => v !== null && Number.isFinite(v));
  return {
    submitted: acks.length,
    transmis: acks.filter((a) => times.get(a.id)?.transmis != null).length,
    outOfScopeOrOther: acks.filter((a) => times.get(a.id)?.status !== 'transmitted').length,
    submitMs: summary(acks.map((a) => a.ms)),
    // The required figure: from the acknowledgement the resident sees until *transmis* is committed (the
    // route-need job finished, just after its transaction's commit). The status-history row's own
    // timestamp is that transaction's start (now()): given beside it.
    ackToTransmisMs: summary(diffs((a, x) => (x?.finished == null ? null : x.finished - a.ackAt))),
    submitToTransmisMs: summary(diffs((a, x) => (x?.finished == null ? null : x.finished - a.sentAt))),
    ackToStatusRowMs: summary(diffs((a, x) => (x?.transmis == null ? null : x.transmis - a.ackAt))),
    stagesMs: {
      outboxRelay: summary(diffs((a, x) => (x?.published == null ? null : x.published - x.outboxCreated))),
      publishedToJobStart: summary(diffs((a, x) => (x?.processed == null ? null : x.processed - x.published))),
      jobQueueWait: summary(diffs((a, x) => (x?.processed == null ? null : x.processed - x.added))),
      jobRun: summary(diffs((a, x) => (x?.finished == null ? null : x.finished - x.processed))),
    },
  };
}

function printPhase(title, f, extra = []) {
  const row = (label, s) => `  ${label.padEnd(44)} ${[s.p50, s.p95, s.p99, s.max].map((v) => String(v ?? '–').padStart(9)).join('')}   n=${s.n}`;
  console.log(`\n${title}`);
  for (const line of extra) console.log(`  ${line}`);
  console.log(`  ${''.padEnd(44)} ${['p50', 'p95', 'p99', 'max'].map((h) => h.padStart(9)).join('')}   (ms)`);
  console.log(row('submit → acknowledgement', f.submitMs));
  console.log(row('acknowledgement → transmis committed', f.ackToTransmisMs));
  console.log(row('acknowledgement → status row timestamp', f.ackToStatusRowMs));
  console.log(row('submit sent → transmis committed', f.submitToTransmisMs));
  console.log(row('outbox row → published by the relay', f.stagesMs.outboxRelay));
  console.log(row('published → job taken by the worker', f.stagesMs.publishedToJobStart));
  console.log(row('job added → taken (BullMQ wait)', f.stagesMs.jobQueueWait));
  console.log(row('job taken → finished (routing)', f.stagesMs.jobRun));
}

async function main() {
  const startedAt = new Date().toISOString();
  const load = sampleLoad();
  const db = await scratchDatabase('pit_h3_pipeline', { keep: OPTS.keep, log });
  const pool = new pg.Pool({ connectionString: db.url, max: 3 });
  const redis = new IORedis(process.env.BENCH_REDIS_URL || 'redis://127.0.0.1:6379', { maxRetriesPerRequest: null });
  let stack = null;
  try {
    stack = await startStack({ databaseUrl: db.url, queuePrefix: QUEUE_PREFIX, apps: ['api', 'worker'], log });
    webKey = stack.webApiKey;
    const residents = await createResidents(pool, OPTS.residents, 'pipeline');
    const categories = (await pool.query(`SELECT key FROM category ORDER BY position`)).rows.map((r) => r.key);
    const communes = (await pool.query(`SELECT code FROM commune ORDER BY code`)).rows.map((r) => r.code);
    log(`${residents.length} residents with a session; ${categories.length} categories × ${communes.length} communes`);

    // Warm-up (not measured): connections, JIT, the first jobs.
    const warm = await closedLoop(stack.apiUrl, residents, Array.from({ length: 60 }, (_, i) => needInput(100_000 + i, categories, communes)), 4);
    await waitRouted(pool, warm.results.map((r) => r.id), 60_000);

    // Phase 1: open loop at the offered rate, worker running.
    log(`phase 1: ${TOTAL} submissions at ${OPTS.rate}/s for ${OPTS.seconds} s (open loop), worker running`);
    const inputs = Array.from({ length: TOTAL }, (_, i) => needInput(i, categories, communes));
    const p1 = await openLoop(stack.apiUrl, residents, inputs);
    const settle = await waitRouted(pool, p1.results.map((r) => r.id), 180_000);
    // The notifications and alerts (lower priority) of those needs, after them.
    const followUps = await waitQueueEmpty(redis, 180_000);
    const times1 = await timeline(pool, redis, p1.results.map((r) => r.id));
    const f1 = figures(p1.results, times1);
    const lastSent = Math.max(...p1.results.map((r) => r.sentAt));
    const firstSent = Math.min(...p1.results.map((r) => r.sentAt));
    const phase1 = {
      offeredRate: OPTS.rate,
      seconds: OPTS.seconds,
      scheduled: TOTAL,
      acknowledged: p1.results.length,
      errors: p1.errors.length,
      firstErrors: p1.errors.slice(0, 3),
      achievedRate: round1((p1.results.length - 1) / ((lastSent - firstSent) / 1000)),
      latenessMs: summary([...p1.results, ...p1.errors].map((r) => r.lateness)),
      settleSecondsAfterLastAck: settle === null ? null : round1(settle),
      followUpsDoneSecondsAfterLastAck: settle === null || followUps === null ? null : round1(settle + followUps),
      ...f1,
    };
    printPhase(`Phase 1: ${TOTAL} submissions at ${OPTS.rate}/s, open loop, worker running`, f1, [
      `acknowledged ${phase1.acknowledged}/${TOTAL} (${phase1.errors} errors); achieved ${phase1.achievedRate}/s; lateness p95 ${phase1.latenessMs.p95} ms, max ${phase1.latenessMs.max} ms`,
      `transmis ${f1.transmis}/${f1.submitted}; all routed ${phase1.settleSecondsAfterLastAck ?? '(not within 180)'} s after the last acknowledgement, every follow-up job run after ${phase1.followUpsDoneSecondsAfterLastAck ?? '(not within 180)'} s`,
    ]);

    // Phase 2: backlogs submitted with the worker (and its relay) stopped, then drained by a worker of each
    // concurrency in turn: the pipeline's capacity beside the rate offered in phase 1.
    let phase2 = null;
    if (OPTS.drain) {
      phase2 = { needsPerDrain: OPTS.drainNeeds, drains: [] };
      console.log(`\nPhase 2: backlogs of ${OPTS.drainNeeds} submitted with the worker stopped (16 clients), then drained`);
      for (const [d, concurrency] of OPTS.drainConcurrency.entries()) {
        await stack.stopApp('worker');
        const inputs2 = Array.from({ length: OPTS.drainNeeds }, (_, i) => needInput(TOTAL + d * OPTS.drainNeeds + i, categories, communes));
        const p2 = await closedLoop(stack.apiUrl, residents, inputs2, 16);
        const ids2 = p2.results.map((r) => r.id);
        await stack.start('worker', { WORKER_CONCURRENCY: String(concurrency) });
        const drained = await waitRouted(pool, ids2, 300_000);
        const times2 = await timeline(pool, redis, ids2);
        // From the relay's first publication to the last route-need job finished (the worker's boot left out).
        const t2 = [...times2.values()];
        const firstPublished = Math.min(...t2.map((x) => x.published ?? Infinity));
        const lastRouted = Math.max(...t2.map((x) => x.finished ?? x.transmis ?? -Infinity));
        const drainSeconds = drained === null ? null : (lastRouted - firstPublished) / 1000;
        const drain = {
          workerConcurrency: concurrency,
          submitted: p2.results.length,
          errors: p2.errors.length,
          submitRate: round1(p2.results.length / p2.seconds),
          submitMs: summary(p2.results.map((r) => r.ms)),
          drainSeconds: drainSeconds === null ? null : round1(drainSeconds),
          drainRate: drainSeconds === null ? null : round1(ids2.length / drainSeconds),
          transmis: ids2.filter((id) => times2.get(id)?.transmis != null).length,
        };
        phase2.drains.push(drain);
        console.log(
          `  worker concurrency ${String(concurrency).padStart(2)}: submitted ${drain.submitRate}/s (p95 ${drain.submitMs.p95} ms, ${drain.errors} errors); ` +
            `drained in ${drain.drainSeconds ?? '(not within 300)'} s → ${drain.drainRate ?? '–'} needs routed per second (offered in phase 1: ${OPTS.rate}/s)`,
        );
      }
    }

    const jobs = await jobsByName(redis);
    console.log('\nJobs run by the worker in this bench (both phases), by name: count, run time p50 / p95 ms');
    for (const [name, j] of Object.entries(jobs)) console.log(`  ${name.padEnd(28)} ${String(j.count).padStart(6)}  ${j.runMs.p50} / ${j.runMs.p95}`);
    const { rows: left } = await pool.query(`SELECT count(*)::int AS n FROM outbox_message WHERE published_at IS NULL`);
    writeResults('pipeline', {
      startedAt,
      finishedAt: new Date().toISOString(),
      options: { rate: OPTS.rate, seconds: OPTS.seconds, residents: OPTS.residents, workerConcurrency: Number(process.env.WORKER_CONCURRENCY || 4), outboxPollMs: Number(process.env.OUTBOX_POLL_MS || 1000) },
      loadAverage: load.stop(),
      phase1,
      phase2,
      jobs,
      unpublishedOutboxRowsAtEnd: left[0].n,
    });
    log(`results written to ${path.relative(root, path.join(root, 'bench/results/pipeline.json'))}`);
  } finally {
    // Stops the apps and deletes the private queue's keys (they go with the scratch database).
    await stack?.stop();
    redis.disconnect();
    await pool.end();
    await db.drop();
  }
}

main().then(
  () => process.exit(0),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);

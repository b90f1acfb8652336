#!/usr/bin/env node
// Support write: the supportNeed mutation through GraphQL (the real api process) against the same SQL
// run by (a) pgbench and (b) a bare node:http + pg server, side by side in one run; each with all supports
// on one hot need and spread over 1,000 needs.
//
//   node bench/support-write.mjs [--db pit_bench_1m] [--supports 6000] [--rounds 3] [--connections 50] [--pool 10]
//
// Needs the server build and a database made by bench/generate.mjs (default pit_bench_1m, else pit_bench_10k).
// Fixtures: --persons pseudonymous supporters (BenchSupporter<i>, kept for the next run), each with a session
// created in SQL as SessionsService.create does (token "bench-token-<i>", its SHA-256 stored), and fresh
// needs for every run (1 for "hot", --spread for "spread"), routed like the generated ones, by another
// person (BenchAuthor); the needs are deleted at the end.
// A run is --supports supports, each by a random supporter on a random need of the run (same draws
// for every target), from --connections HTTP connections (pgbench: --pool clients, the api's pool size).
// Warm-up runs first; then --rounds rounds, each running every (target, mode) once, in an order that
// rotates from round to round so that machine noise (other processes) falls on every target alike; the
// median of the rounds is reported. After each run the need_support rows are checked against the tallies.
// Results: bench/results/support-write.json.
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { REFERENCE_ALPHABET, REFERENCE_LENGTH, REFERENCE_PREFIX } from '@pit/domain';
import { databaseExists, databaseUrl } from './lib/db.mjs';
import { closedLoop, graphql, postJson, round } from './lib/load.mjs';
import { freePort, repoRoot, startApi, startNode } from './lib/processes.mjs';
import { seeded } from './lib/random.mjs';
import { parseArgs, writeResults } from './lib/results.mjs';
import { benchToken, pgbenchScript } from './lib/support-sql.mjs';

const args = parseArgs(process.argv.slice(2), { db: '', supports: 6000, rounds: 3, connections: 50, pool: 10, persons: 100_000, spread: 1000, warmup: 1500, seed: 7 });
const DB = args.db || ((await databaseExists('pit_bench_1m')) ? 'pit_bench_1m' : 'pit_bench_10k');
const DB_URL = databaseUrl(DB);
const TARGETS = ['graphql', 'bare', 'pgbench'];
const MODES = ['hot', 'spread'];
const MUTATION = 'mutation Support($needId: ID!) { supportNeed(needId: $needId) { supportCount viewerSupports } }';

const admin = new pg.Pool({ connectionString: DB_URL, max: 2 });
const uuidOf = (text) => {
  const hex = createHash('md5').update(text).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
};
const needIdOf = (run, k) => uuidOf(`bench-need-${run}-${k}`);
const AUTHOR = uuidOf('bench-author');

/** The run needs (with their supports, tallies, engagements, routings) go; the supporters and their sessions stay for the next run (deleting 100k persons fires every foreign key of person, minutes at 1M). */
async function removeFixtures() {
  // Without the foreign keys' per-row triggers (at 1M, cascading into comment alone reads the table per
  // need: its only need_id index is partial): the run needs have rows in these tables only.
  const client = await admin.connect();
  try {
    await client.query('BEGIN');
    await client.query(`SET LOCAL session_replication_role = replica`);
    const needs = `SELECT id FROM need WHERE author_id = $1`;
    for (const table of ['need_support', 'need_support_tally', 'need_engagement', 'need_routing', 'need_status_change']) {
      await client.query(`DELETE FROM ${table} WHERE need_id IN (${needs})`, [AUTHOR]);
    }
    await client.query(`DELETE FROM need WHERE author_id = $1`, [AUTHOR]);
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK');
    throw error;
  } finally {
    client.release();
  }
}

async function createFixtures() {
  await removeFixtures();
  await admin.query(`INSERT INTO person (id, pseudonym, pseudonym_key) VALUES ($1, 'BenchAuthor', 'benchauthor') ON CONFLICT DO NOTHING`, [AUTHOR]);
  await admin.query(
    `INSERT INTO person (id, pseudonym, pseudonym_key)
     SELECT md5('bench-person-' || i)::uuid, 'BenchSupporter' || i, 'benchsupporter' || i FROM generate_series(1, $1) AS i
     ON CONFLICT DO NOTHING`,
    [args.persons],
  );
  // As SessionsService.create: a resident session, 30 days, the token's SHA-256. Seen "tomorrow": no run
  // pays SessionsService's once-a-minute last_seen_at update, whatever its length.
  await admin.query(
    `INSERT INTO session (token_hash, person_id, auth_method, expires_at, last_seen_at)
     SELECT sha256(convert_to('bench-token-' || i, 'UTF8')), md5('bench-person-' || i)::uuid, 'password', now() + interval '30 days', now() + interval '1 day'
       FROM generate_series(1, $1) AS i
     ON CONFLICT (token_hash) DO UPDATE SET expires_at = EXCLUDED.expires_at, last_seen_at = EXCLUDED.last_seen_at, revoked_at = NULL`,
    [args.persons],
  );
  await admin.query(`ANALYZE person; ANALYZE session`);
}

// A routed need to copy the territory fields from (commune, category, authority, routing).
const template = (
  await admin.query(
    `SELECT n.category_key, n.commune_code, n.authority_id, r.rule_id, r.level, r.reason FROM need n JOIN need_routing r ON r.id = n.current_routing_id
      WHERE n.status = 'transmitted' AND r.level <> 'X' ORDER BY n.created_at DESC LIMIT 1`,
  )
).rows[0];
if (!template) throw new Error(`${DB} has no routed need: run bench/generate.mjs first`);
const referenceRandom = seeded(args.seed).stream(99);

/** The needs of one run: fresh, transmitted, routed like the template, by the bench author. */
async function createRunNeeds(run, count) {
  const ids = Array.from({ length: count }, (_, k) => needIdOf(run, k + 1));
  let missing = ids;
  // A drawn reference may be taken (1M needs hold 0.14% of them): those needs draw again.
  for (let attempt = 0; missing.length && attempt < 5; attempt++) {
    const references = missing.map(() => {
      let reference = REFERENCE_PREFIX;
      for (let k = 0; k < REFERENCE_LENGTH; k++) reference += REFERENCE_ALPHABET[referenceRandom.int(REFERENCE_ALPHABET.length)];
      return reference;
    });
    const created = (
      await admin.query(
        `WITH needs AS (
           INSERT INTO need (id, reference, title, description, category_key, commune_code, status, authority_id, author_id, current_routing_id)
           SELECT id, reference, 'Besoin de banc public près de l’école', 'Les enfants et les parents attendent debout devant l’école chaque soir.',
                  $3, $4, 'transmitted', $5, $6, md5('routing-' || id)::uuid
             FROM unnest($1::uuid[], $2::text[]) AS t(id, reference)
           ON CONFLICT (reference) DO NOTHING RETURNING id, current_routing_id),
         routings AS (
           INSERT INTO need_routing (id, need_id, rule_id, level, authority_id, reason, kind)
           SELECT current_routing_id, id, $7, $8, $5, $9, 'initial' FROM needs RETURNING need_id)
         SELECT need_id AS id FROM routings`,
        [missing, references, template.category_key, template.commune_code, template.authority_id, AUTHOR, template.rule_id, template.level, template.reason],
      )
    ).rows.map((row) => row.id);
    const done = new Set(created);
    missing = missing.filter((id) => !done.has(id));
  }
  if (missing.length) throw new Error(`${missing.length} of ${count} needs not created (reference collisions)`);
  return ids;
}

/** Every support row of the run's needs is in the tally, and the other way round. */
async function checkRun(ids) {
  const [row] = (
    await admin.query(
      `SELECT (SELECT count(*) FROM need_support WHERE need_id = ANY($1::uuid[]))::int AS rows,
              (SELECT COALESCE(sum(supports), 0) FROM need_support_tally WHERE need_id = ANY($1::uuid[]))::int AS tally`,
      [ids],
    )
  ).rows;
  if (row.rows !== row.tally) throw new Error(`tally ${row.tally} ≠ ${row.rows} support rows`);
  return row.rows;
}

// --- Targets ----------------------------------------------------------------------------------------
let api;
let bare;
const scriptFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'pit-bench-')), 'support.sql');
fs.writeFileSync(scriptFile, pgbenchScript());

/** Draws of one run: the same sequence for every target (seeded by the run's number within its round). */
function draws(seed, count, needs) {
  const random = seeded(seed);
  return Array.from({ length: count }, () => ({ person: 1 + random.int(args.persons), k: 1 + random.int(needs) }));
}

async function runHttp(target, run, needs, count, seed) {
  const plan = draws(seed, count, needs);
  const bareUrl = `http://127.0.0.1:${bare?.port}/support`;
  return closedLoop({
    concurrency: args.connections,
    total: count,
    task: async (i) => {
      const { person, k } = plan[i];
      const headers = { authorization: `Bearer ${benchToken(person)}` };
      if (target === 'graphql') await graphql(api.url, MUTATION, { needId: needIdOf(run, k) }, headers);
      else await postJson(bareUrl, { needId: needIdOf(run, k) }, headers);
    },
  });
}

function runPgbench(run, needs, count) {
  const clients = args.pool;
  const perClient = Math.ceil(count / clients);
  const argv = ['-n', '-M', 'extended', '-c', String(clients), '-j', '2', '-t', String(perClient), '-f', scriptFile,
    '-D', `run=${run}`, '-D', `needs=${needs}`, '-D', `persons=${args.persons}`, DB_URL];
  return new Promise((resolve, reject) => {
    const child = spawn('pgbench', argv, { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (c) => (out += c));
    child.stderr.on('data', (c) => (out += c));
    child.on('exit', (code) => {
      const tps = /tps = ([\d.]+) \(without initial connection time\)/.exec(out);
      const latency = /latency average = ([\d.]+) ms/.exec(out);
      const failed = /number of failed transactions: (\d+)/.exec(out);
      if (code !== 0 || !tps) return reject(new Error(`pgbench failed (${code}):\n${out.slice(-2000)}`));
      resolve({ requests: clients * perClient, errors: failed ? Number(failed[1]) : 0, perSecond: round(Number(tps[1]), 1), latencyAverage: latency ? Number(latency[1]) : null });
    });
  });
}

let runNumber = 0;
async function measure(target, mode, count, seed) {
  const run = ++runNumber;
  const needs = mode === 'hot' ? 1 : args.spread;
  const ids = await createRunNeeds(run, needs);
  const result = target === 'pgbench' ? await runPgbench(run, needs, count) : await runHttp(target, run, needs, count, seed);
  const stored = await checkRun(ids);
  if (result.errors) throw new Error(`${target} ${mode}: ${result.errors} errors (${result.firstError})`);
  return { ...result, stored, duplicates: result.requests - stored };
}

// --- Main -------------------------------------------------------------------------------------------
const started = new Date();
console.log(`support write on ${DB}: ${args.supports} supports per run, ${args.connections} HTTP connections, pool ${args.pool}, ${args.rounds} rounds`);
const runs = [];
try {
  await createFixtures();
  api = await startApi(DB_URL);
  const barePort = await freePort();
  bare = { ...(await startNode('bare server', path.join(repoRoot, 'bench/lib/bare-support-server.mjs'), { DATABASE_URL: DB_URL, PORT: String(barePort), POOL: String(args.pool) }, /ready/)), port: barePort };
  console.log(`api ${api.url}, bare server :${barePort}, pgbench ${scriptFile}`);

  for (const target of TARGETS) {
    for (const mode of MODES) {
      const warm = await measure(target, mode, args.warmup, 1);
      console.log(`warm-up ${target.padEnd(8)} ${mode.padEnd(6)} ${warm.perSecond} /s`);
    }
  }
  for (let r = 0; r < args.rounds; r++) {
    const order = TARGETS.map((_, i) => TARGETS[(i + r) % TARGETS.length]);
    const modes = r % 2 ? [...MODES].reverse() : MODES;
    for (const target of order) {
      for (const mode of modes) {
        const result = await measure(target, mode, args.supports, 1000 + r);
        runs.push({ round: r + 1, target, mode, ...result });
        const latency = result.p50 !== undefined ? ` p50 ${result.p50} ms p95 ${result.p95} ms` : ` latency avg ${result.latencyAverage} ms`;
        console.log(`round ${r + 1} ${target.padEnd(8)} ${mode.padEnd(6)} ${String(result.perSecond).padStart(8)} /s${latency} (${result.duplicates} repeated supports)`);
      }
    }
  }
} finally {
  await api?.stop();
  await bare?.stop();
  await removeFixtures().catch((error) => console.error('fixtures left:', error.message));
  await admin.end();
}

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted.length % 2 ? sorted[(sorted.length - 1) / 2] : (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2;
};
const summary = {};
for (const target of TARGETS) {
  for (const mode of MODES) {
    const mine = runs.filter((r) => r.target === target && r.mode === mode);
    summary[`${target}.${mode}`] = {
      perSecond: round(median(mine.map((r) => r.perSecond)), 1),
      p50: mine[0]?.p50 !== undefined ? round(median(mine.map((r) => r.p50)), 2) : null,
      p95: mine[0]?.p95 !== undefined ? round(median(mine.map((r) => r.p95)), 2) : null,
      rounds: mine.map((r) => r.perSecond),
    };
  }
}
const ratio = (a, b) => round(summary[a].perSecond / summary[b].perSecond, 3);
const ratios = {
  graphqlOverBare: { hot: ratio('graphql.hot', 'bare.hot'), spread: ratio('graphql.spread', 'bare.spread') },
  graphqlOverPgbench: { hot: ratio('graphql.hot', 'pgbench.hot'), spread: ratio('graphql.spread', 'pgbench.spread') },
  bareOverPgbench: { hot: ratio('bare.hot', 'pgbench.hot'), spread: ratio('bare.spread', 'pgbench.spread') },
  hotOverSpread: { graphql: ratio('graphql.hot', 'graphql.spread'), bare: ratio('bare.hot', 'bare.spread'), pgbench: ratio('pgbench.hot', 'pgbench.spread') },
};
const goals = {
  graphqlOverBare: { goal: '≥ 0.7 (hot and spread)', value: Math.min(ratios.graphqlOverBare.hot, ratios.graphqlOverBare.spread), pass: Math.min(ratios.graphqlOverBare.hot, ratios.graphqlOverBare.spread) >= 0.7 },
  graphqlOverPgbench: { goal: 'report; stretch ≥ 0.5', value: Math.min(ratios.graphqlOverPgbench.hot, ratios.graphqlOverPgbench.spread), pass: Math.min(ratios.graphqlOverPgbench.hot, ratios.graphqlOverPgbench.spread) >= 0.5 },
  hotOverSpread: { goal: '≥ 0.9 (GraphQL)', value: ratios.hotOverSpread.graphql, pass: ratios.hotOverSpread.graphql >= 0.9 },
};
const file = writeResults('support-write', {
  database: DB,
  startedAt: started.toISOString(),
  settings: { supportsPerRun: args.supports, rounds: args.rounds, connections: args.connections, pool: args.pool, persons: args.persons, spreadNeeds: args.spread, warmup: args.warmup },
  summary,
  ratios,
  goals,
  runs,
});
console.log(JSON.stringify({ summary, ratios }, null, 2));
for (const [name, goal] of Object.entries(goals)) console.log(`${name}: ${goal.value} (goal ${goal.goal}) ${goal.pass ? 'PASS' : 'FAIL'}`);
console.log(`results: ${file}`);

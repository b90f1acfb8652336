#!/usr/bin/env node
// Needs feed: the public list's `needs(first: 20)` query (the fields and filters the web's /besoins page
// sends, with totalCount) at 10k and at 1M needs, through GraphQL (the real api process) and through a
// raw-SQL loop running the same statements over pg, side by side in one run.
//
//   node bench/needs-feed.mjs [--small pit_bench_10k] [--large pit_bench_1m] [--seconds 10] [--rounds 3] [--concurrency 50]
//
// Needs the server build and both databases made by bench/generate.mjs (kept afterwards).
// Each request takes the next variant of a fixed mix (no filter, commune, EPCI, theme, status, kind,
// awaiting an answer, words, most supported, the second page): the same sequence for every target. The
// raw-SQL loop calls the api's own NeedsRepository.list (the page statement and the count statement, in
// parallel as the api does) on a pg pool of the api's size, so it runs exactly the api's SQL, without
// Nest, GraphQL or HTTP. Both are driven by --concurrency closed loops for --seconds per run; warm-up
// first, then --rounds rounds in rotating order; medians of the rounds are reported.
// The api is read as the web server reads it (WEB_API_KEY header): the public rate limit does not apply.
// Results: bench/results/needs-feed.json.
import pg from 'pg';
import { NeedsRepository } from '@pit/needs';
import { databaseExists, databaseUrl } from './lib/db.mjs';
import { closedLoop, graphql, round } from './lib/load.mjs';
import { startApi, WEB_KEY } from './lib/processes.mjs';
import { parseArgs, writeResults } from './lib/results.mjs';

const args = parseArgs(process.argv.slice(2), { small: 'pit_bench_10k', large: 'pit_bench_1m', seconds: 10, rounds: 3, concurrency: 50, pool: 10, warmup: 4 });
const SIZES = { '10k': args.small, '1m': args.large };
for (const db of Object.values(SIZES)) if (!(await databaseExists(db))) throw new Error(`${db} is missing: make it with bench/generate.mjs`);

// The web's list query (apps/web/src/lib/server/operations.ts NeedsPage: its needs field).
const NEED_SUMMARY = 'reference title status statusLabel createdAt commune { name } kind';
const QUERY = `query NeedsFeed($filter: NeedFilter, $sort: NeedSort, $q: String, $first: Int!, $after: String) {
  needs(filter: $filter, sort: $sort, q: $q, first: $first, after: $after) { edges { cursor node { ${NEED_SUMMARY} } } pageInfo { hasNextPage endCursor } totalCount }
}`;

// The mix: what people do on /besoins. Repository arguments alongside the GraphQL variables.
const VARIANTS = [
  { name: 'newest', variables: {}, filter: {}, sort: 'newest' },
  { name: 'commune Angers', variables: { filter: { communeCode: '49007' } }, filter: { communeCode: '49007' }, sort: 'newest' },
  { name: 'small commune', variables: { filter: { communeCode: '49288' } }, filter: { communeCode: '49288' }, sort: 'newest' },
  { name: 'EPCI', variables: { filter: { epciCode: '200071553' } }, filter: { epciCode: '200071553' }, sort: 'newest' },
  { name: 'theme', variables: { filter: { themeKey: 'street_lighting' } }, filter: { themeKey: 'street_lighting' }, sort: 'newest' },
  { name: 'status', variables: { filter: { status: 'IN_PROGRESS' } }, filter: { status: 'in_progress' }, sort: 'newest' },
  { name: 'ideas', variables: { filter: { kind: 'IDEA' } }, filter: { kind: 'idea' }, sort: 'newest' },
  { name: 'awaiting answer', variables: { filter: { awaitingAnswer: true } }, filter: { awaitingAnswer: true }, sort: 'newest' },
  { name: 'words', variables: { q: 'éclairage' }, filter: { q: 'éclairage' }, sort: 'newest' },
  { name: 'most supported', variables: { sort: 'MOST_SUPPORTED' }, filter: {}, sort: 'most_supported' },
  { name: 'page 2', variables: {}, filter: {}, sort: 'newest', secondPage: true },
];

/** The raw-SQL target: the api's NeedsRepository over a plain pg pool. */
function rawTarget(url) {
  const pool = new pg.Pool({ connectionString: url, max: args.pool });
  const repository = new NeedsRepository({ query: async (sql, params) => (await pool.query(sql, params)).rows }, null);
  return { pool, repository };
}

const started = new Date();
const targets = {};
const runs = [];
try {
  for (const [size, db] of Object.entries(SIZES)) {
    const url = databaseUrl(db);
    const api = await startApi(url);
    const raw = rawTarget(url);
    // The second page's cursor of each database, as the first page gives it.
    const first = await graphql(api.url, QUERY, { first: 20 }, { 'x-pit-web-key': WEB_KEY });
    const firstRaw = await raw.repository.list({}, 'newest', 20, null);
    const [{ count }] = (await raw.pool.query(`SELECT count(*)::int AS count FROM need`)).rows;
    targets[size] = { db, api, raw, after: first.needs.pageInfo.endCursor, afterPosition: firstRaw.items.at(-1).position, needs: count };
    console.log(`${size}: ${db} (${count} needs), api ${api.url}`);
  }

  async function run(size, kind, seconds) {
    const target = targets[size];
    return closedLoop({
      concurrency: args.concurrency,
      seconds,
      task: async (i) => {
        const variant = VARIANTS[i % VARIANTS.length];
        if (kind === 'graphql') {
          const variables = { first: 20, ...variant.variables, ...(variant.secondPage ? { after: target.after } : {}) };
          const data = await graphql(target.api.url, QUERY, variables, { 'x-pit-web-key': WEB_KEY });
          if (!data.needs.edges.length && variant.name !== 'small commune') throw new Error(`${variant.name}: empty page`);
        } else {
          await target.raw.repository.list({ ...variant.filter, q: variant.filter.q ?? null }, variant.sort, 20, variant.secondPage ? target.afterPosition : null);
        }
      },
    });
  }

  const plan = Object.keys(SIZES).flatMap((size) => ['graphql', 'sql'].map((kind) => ({ size, kind })));
  for (const { size, kind } of plan) {
    const warm = await run(size, kind, args.warmup);
    console.log(`warm-up ${size.padEnd(3)} ${kind.padEnd(7)} ${warm.perSecond} /s p50 ${warm.p50} ms`);
  }
  for (let r = 0; r < args.rounds; r++) {
    for (let j = 0; j < plan.length; j++) {
      const { size, kind } = plan[(j + r) % plan.length];
      const result = await run(size, kind, args.seconds);
      runs.push({ round: r + 1, size, kind, ...result });
      console.log(`round ${r + 1} ${size.padEnd(3)} ${kind.padEnd(7)} ${String(result.perSecond).padStart(7)} /s  p50 ${result.p50} ms  p95 ${result.p95} ms  p99 ${result.p99} ms${result.errors ? `  ${result.errors} errors: ${result.firstError}` : ''}`);
    }
  }

  // Per variant, a few sequential calls on 1M: which part of the mix costs what (context for the README).
  const perVariant = {};
  for (const size of Object.keys(SIZES)) {
    for (const variant of VARIANTS) {
      const times = [];
      for (let k = 0; k < 5; k++) {
        const t0 = performance.now();
        await targets[size].raw.repository.list({ ...variant.filter, q: variant.filter.q ?? null }, variant.sort, 20, variant.secondPage ? targets[size].afterPosition : null);
        times.push(performance.now() - t0);
      }
      (perVariant[variant.name] ??= {})[size] = round(times.sort((a, b) => a - b)[2], 1);
    }
  }
  targets.perVariant = perVariant;
} finally {
  for (const target of Object.values(targets)) {
    await target.api?.stop();
    await target.raw?.pool.end();
  }
}

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted.length % 2 ? sorted[(sorted.length - 1) / 2] : (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2;
};
const summary = {};
for (const size of Object.keys(SIZES)) {
  for (const kind of ['graphql', 'sql']) {
    const mine = runs.filter((r) => r.size === size && r.kind === kind);
    summary[`${size}.${kind}`] = Object.fromEntries(['perSecond', 'p50', 'p95', 'p99'].map((key) => [key, round(median(mine.map((r) => r[key])), 2)]));
  }
}
const ratios = {
  p50LargeOverSmall: round(summary['1m.graphql'].p50 / summary['10k.graphql'].p50, 3),
  graphqlOverSql: { '10k': round(summary['10k.graphql'].perSecond / summary['10k.sql'].perSecond, 3), '1m': round(summary['1m.graphql'].perSecond / summary['1m.sql'].perSecond, 3) },
};
const goals = {
  p50LargeOverSmall: { goal: 'p50(1M) / p50(10k) ≤ 1.5 (GraphQL)', value: ratios.p50LargeOverSmall, pass: ratios.p50LargeOverSmall <= 1.5 },
  graphqlOverSql: {
    goal: 'GraphQL ≥ 0.6 × the raw-SQL loop (throughput, at 10k and at 1M)',
    value: Math.min(ratios.graphqlOverSql['10k'], ratios.graphqlOverSql['1m']),
    pass: Math.min(ratios.graphqlOverSql['10k'], ratios.graphqlOverSql['1m']) >= 0.6,
  },
};
const file = writeResults('needs-feed', {
  startedAt: started.toISOString(),
  databases: Object.fromEntries(Object.entries(SIZES).map(([size, db]) => [size, { db, needs: targets[size]?.needs }])),
  settings: { seconds: args.seconds, rounds: args.rounds, concurrency: args.concurrency, pool: args.pool, variants: VARIANTS.map((v) => v.name) },
  summary,
  ratios,
  goals,
  perVariantMs: targets.perVariant,
  runs,
});
console.log(JSON.stringify({ summary, ratios, perVariantMs: targets.perVariant }, null, 2));
for (const [name, goal] of Object.entries(goals)) console.log(`${name}: ${goal.value} (goal ${goal.goal}) ${goal.pass ? 'PASS' : 'FAIL'}`);
console.log(`results: ${file}`);

#!/usr/bin/env node
// Side-by-side: the support count as one counter row per need vs. 16 shards (need_support_tally).
//
//   DATABASE_URL=postgres://postgres@127.0.0.1:5432/<scratch db> node bench/support-tally.mjs [supports] [concurrency]
//
// Both runs do exactly what ParticipationService.supportNeed does per request, in one transaction:
// INSERT the support row (ON CONFLICT DO NOTHING), then +1 on the counter: the single row, or a
// random shard. Same number of distinct supporters, same pool size, same PostgreSQL. Works in its own
// schema (bench_support_tally), dropped at the end. Prints both durations and their ratio.
import pg from 'pg';
import { writeResults } from './lib/results.mjs';

const url = process.env.DATABASE_URL;
if (!url) {
  console.error('DATABASE_URL is required (a scratch database: the bench creates and drops its own schema)');
  process.exit(2);
}
const SUPPORTS = Number(process.argv[2] ?? 4000);
const CONCURRENCY = Number(process.argv[3] ?? 50);
const SHARDS = 16;
const pool = new pg.Pool({ connectionString: url, max: CONCURRENCY });
const S = 'bench_support_tally';

async function setup() {
  await pool.query(`DROP SCHEMA IF EXISTS ${S} CASCADE; CREATE SCHEMA ${S}`);
  await pool.query(`CREATE TABLE ${S}.support (need_id int, person_id int, PRIMARY KEY (need_id, person_id))`);
  await pool.query(`CREATE TABLE ${S}.tally (need_id int, shard smallint, supports int NOT NULL, PRIMARY KEY (need_id, shard))`);
}

async function run(label, needId, shardOf) {
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      const client = await pool.connect();
      try {
        while (next < SUPPORTS) {
          const person = next++;
          await client.query('BEGIN');
          const inserted = await client.query(`INSERT INTO ${S}.support VALUES ($1, $2) ON CONFLICT DO NOTHING RETURNING 1`, [needId, person]);
          if (inserted.rowCount) {
            await client.query(
              `INSERT INTO ${S}.tally VALUES ($1, $2, 1) ON CONFLICT (need_id, shard) DO UPDATE SET supports = ${S}.tally.supports + 1`,
              [needId, shardOf()],
            );
          }
          await client.query('COMMIT');
        }
      } finally {
        client.release();
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  const { rows } = await pool.query(`SELECT sum(supports)::int AS n FROM ${S}.tally WHERE need_id = $1`, [needId]);
  if (rows[0].n !== SUPPORTS) throw new Error(`${label}: count ${rows[0].n}, expected ${SUPPORTS}`);
  console.log(`${label.padEnd(22)} ${SUPPORTS} supports, ${CONCURRENCY} connections: ${seconds.toFixed(2)} s (${Math.round(SUPPORTS / seconds)} /s)`);
  return seconds;
}

try {
  await setup();
  // Warm-up, then alternate to even out caches.
  await run('warm-up (sharded)', 0, () => Math.floor(Math.random() * SHARDS));
  const single = await run('single counter row', 1, () => 0);
  const sharded = await run(`${SHARDS} shards`, 2, () => Math.floor(Math.random() * SHARDS));
  console.log(`ratio single / sharded: ${(single / sharded).toFixed(2)}`);
  console.log(`results: ${writeResults('support-tally', { supports: SUPPORTS, concurrency: CONCURRENCY, shards: SHARDS, single: { seconds: single }, sharded: { seconds: sharded } })}`);
} finally {
  await pool.query(`DROP SCHEMA IF EXISTS ${S} CASCADE`).catch(() => undefined);
  await pool.end();
}

#!/usr/bin/env node
// Fault-injection suite (issue 8): proves that the platform loses nothing and sends each email once
// when its processes crash, on a private stack (tools/fault/lib/stack.mjs: embedded PostgreSQL, Redis
// with AOF, SMTP sink, 2 api, 2 workers, web for part 3), built from the production dist.
//
//   node tools/fault/run.mjs [--burst 1000] [--no-fuzz] [--keep] [--report FILE] [--update-docs]
//
// --update-docs writes this run's figures into docs/operations.md (between the fault-figures markers).
//
// 1. crashes   a burst of submissions over both apis while a worker is SIGKILLed (and restarted),
//              Redis restarts, PostgreSQL stops immediately (pg_ctl -m immediate) and starts again;
//              then: every acknowledged submission exists and is routed exactly once, every staff
//              alert recorded reached the SMTP sink, duplicates ≤ kills, backlog drained ≤ 5 min.
// 2. redis     Redis down: submissions still acknowledged (no 5xx), routed once Redis is back.
//              Redis restarted without its data: the reconciliation sweep routes every need left reçu.
// 3. fuzz      tools/fault/fuzz.mjs (malformed input) when present, against the same stack.
//
// Prints a report, writes it to test-results/fault/report.{md,json} (or --report FILE[.json]) and
// exits 1 when any check failed. Build first (node tools/build.mjs) when the dist is stale.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { sleep } from '../lib/procs.mjs';
import { Stack } from './lib/stack.mjs';
import { duplicates } from './lib/smtp-sink.mjs';
import { backlog, database, emailCheck, jobsQueue, routingAnomalies, seed, submitMany, waitForDrain } from './lib/platform.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const DRAIN_LIMIT_MS = 5 * 60_000;

function parseArgs(argv) {
  const opts = { burst: 1000, fuzz: true, keep: false, docs: false, report: path.join(root, 'test-results/fault/report.md') };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--burst') opts.burst = Number(argv[++i]);
    else if (a === '--no-fuzz') opts.fuzz = false;
    else if (a === '--keep') opts.keep = true;
    else if (a === '--update-docs') opts.docs = true;
    else if (a === '--report') opts.report = path.resolve(argv[++i]);
    else if (a === '-h' || a === '--help') {
      console.log('usage: node tools/fault/run.mjs [--burst 1000] [--no-fuzz] [--keep] [--report FILE] [--update-docs]');
      process.exit(0);
    } else {
      console.error(`unknown argument: ${a}`);
      process.exit(2);
    }
  }
  if (!Number.isInteger(opts.burst) || opts.burst < 10) {
    console.error('--burst must be an integer ≥ 10');
    process.exit(2);
  }
  return opts;
}

const T0 = Date.now();
const stamp = () => `${((Date.now() - T0) / 1000).toFixed(1).padStart(6)} s`;
const log = (line) => process.stdout.write(`[fault ${stamp()}] ${line}\n`);
const seconds = (ms) => (ms === null || ms === undefined ? null : Math.round(ms / 100) / 10);

/** One scenario's checks: name → { ok, detail }. */
class Checks {
  constructor() {
    this.list = [];
  }
  add(name, ok, detail = '') {
    this.list.push({ name, ok: Boolean(ok), detail });
    log(`${ok ? 'ok  ' : 'FAIL'} ${name}${detail ? ` — ${detail}` : ''}`);
  }
  get ok() {
    return this.list.every((c) => c.ok);
  }
}

// ---- part 1 ---------------------------------------------------------------------------------------

async function crashes({ stack, pool, jobs, people, total }) {
  const checks = new Checks();
  const figures = { faults: [] };
  const fault = (what) => {
    figures.faults.push({ at: seconds(Date.now() - burstStart), what });
    log(`fault: ${what}`);
  };
  // ~35 s of submissions; the faults fall inside it, with time to recover between them.
  const rate = Math.max(10, Math.round(total / 35));
  const burstStart = Date.now();
  const burst = submitMany({ apiUrls: stack.apiUrls, tokens: people.tokens, pairs: people.pairs, total, ratePerSecond: rate, label: 'Panne lampadaire rafale' });
  let kills = 0;
  let recoveredAt = null;
  let restarted = null;
  // The faults at fixed fractions of the burst's planned length D: worker at 0.17 D, Redis at 0.4 D, PostgreSQL at 0.63 D.
  const planned = (total / rate) * 1000;
  const at = (fraction) => sleep(Math.max(0, fraction * planned - (Date.now() - burstStart)));
  // The PostgreSQL stop aims at the duplicate window: right after the SMTP sink accepted an email, while
  // its sender is between the SMTP answer and the commit of its record (waiting at most 10 s for one);
  // MailService.recordingSends must keep it from being sent twice. The worker is killed at a set time: a
  // SIGKILL aimed at that instant duplicates every email its jobs have in that window (≤ its concurrency,
  // 3 seen on a loaded machine), which docs/operations.md states.
  const afterEmail = async () => ((await stack.sink.nextMessage(10_000)) ? ', right after an email reached the sink' : ', no email in the 10 s before');
  const timeline = (async () => {
    await at(0.17);
    const pid = await stack.killWorker(0);
    kills += 1;
    fault(`kill -9 worker-1 (pid ${pid})`);
    await sleep(1_000);
    // Started in the background: its boot (seconds on a busy machine) must not delay the next faults.
    restarted = stack.startWorker(0).then(
      () => fault('worker-1 restarted (ready)'),
      (error) => error,
    );
    await at(0.4);
    await stack.stopRedis();
    fault('Redis stopped (SIGTERM)');
    await sleep(1_500);
    await stack.startRedis();
    fault('Redis restarted (its AOF reloaded)');
    await at(0.63);
    const aimPg = await afterEmail();
    await stack.stopPostgresImmediately();
    kills += 1;
    fault(`PostgreSQL stopped: pg_ctl stop -m immediate${aimPg}`);
    await sleep(2_000);
    await stack.startPostgres();
    recoveredAt = Date.now();
    fault('PostgreSQL started again (crash recovery done)');
    const restartError = await restarted;
    if (restartError instanceof Error) throw restartError;
  })();
  const [submitted] = await Promise.all([burst, timeline]);
  const burstEnd = Date.now();
  log(`burst: ${submitted.acknowledged.length}/${total} acknowledged in ${submitted.seconds.toFixed(1)} s, ${submitted.attempts} attempts, refusals ${JSON.stringify(submitted.refusals)}`);

  const drain = await waitForDrain({
    pool,
    jobs,
    timeoutMs: DRAIN_LIMIT_MS,
    onProgress: (b) => b && log(`draining: ${JSON.stringify(b)}`),
  });
  const drainedAt = Date.now();
  // Failed jobs are not lost work by themselves (e.g. a sweep run while PostgreSQL was down): listed for the record.
  const failedJobs = await jobs.queue.getFailed(0, 20).then((list) => list.filter(Boolean).map((job) => `${job.name}: ${String(job.failedReason).slice(0, 120)}`), () => []);
  figures.burst = {
    submissions: total,
    ratePerSecond: rate,
    acknowledged: submitted.acknowledged.length,
    gaveUp: submitted.gaveUp,
    attempts: submitted.attempts,
    refusals: submitted.refusals,
    seconds: Math.round(submitted.seconds * 10) / 10,
    latencyMs: submitted.latencyMs,
  };
  figures.drain = {
    drained: drain.drained,
    afterRecoverySeconds: drain.drained ? seconds(drainedAt - recoveredAt) : null,
    afterBurstSeconds: drain.drained ? seconds(drainedAt - burstEnd) : null,
    last: drain.last,
    failedJobs,
  };
  checks.add('backlog drained within 5 minutes of the recovery', drain.drained, drain.drained ? `${figures.drain.afterRecoverySeconds} s after PostgreSQL came back, ${figures.drain.afterBurstSeconds} s after the burst` : `still: ${JSON.stringify(drain.last)}`);
  checks.add(`all ${total} submissions acknowledged (retrying refused ones)`, submitted.gaveUp === 0, `${submitted.acknowledged.length} acknowledged, ${submitted.attempts - total} retries`);

  const [{ found }] = (await pool.query(`SELECT count(*)::int AS found FROM need WHERE id = ANY($1::uuid[])`, [submitted.acknowledged])).rows;
  checks.add('every acknowledged submission exists', found === submitted.acknowledged.length, `${found}/${submitted.acknowledged.length}`);
  const [{ needs }] = (await pool.query(`SELECT count(*)::int AS needs FROM need`)).rows;
  const anomalies = await routingAnomalies(pool);
  figures.needs = { inDatabase: needs, acknowledged: submitted.acknowledged.length, unacknowledgedButStored: needs - submitted.acknowledged.length, routedOtherThanOnce: anomalies.length };
  checks.add('every need routed exactly once (one need_routing row, one routed status change)', anomalies.length === 0, `${needs} needs in the database (${needs - submitted.acknowledged.length} stored though their answer was lost)${anomalies.length ? `; ${JSON.stringify(anomalies.slice(0, 3))}` : ''}`);

  const mails = await emailCheck(pool, stack.sink.messages);
  const dup = duplicates(stack.sink.messages, burstStart);
  const duringBurst = stack.sink.messages.filter((m) => m.at <= burstEnd).length;
  figures.emails = { alertsRecorded: mails.expected, deliveriesRecorded: mails.deliveries, received: stack.sink.messages.length, receivedDuringBurst: duringBurst, missing: mails.missing, duplicates: dup.extra, kills, duplicateSample: dup.sample };
  checks.add('emails produced during the burst', mails.expected >= needs && duringBurst > 0, `${mails.expected} immediate staff alerts for ${needs} needs, ${duringBurst} received while the faults happened`);
  checks.add('every recorded alert reached the SMTP sink', mails.missing === 0, mails.missing ? JSON.stringify(mails.missingSample) : `${stack.sink.messages.length} messages received`);
  checks.add('duplicated emails ≤ kills (the crash window between SMTP and commit)', dup.extra <= kills, `${dup.extra} duplicate(s), ${kills} kills${dup.sample.length ? `: ${dup.sample.join('; ')}` : ''}`);
  checks.add('no app crashed on its own', stack.crashes.length === 0, stack.crashed.join(', '));
  // Emails sent by attempts that then failed (the database died before their commit), recorded after the failure.
  figures.emails.recordedAfterFailedAttempt = stack.grepLogs(/worker-\d/, /a failed attempt had sent \d+ email\(s\): (\d+) recorded/).reduce((sum, m) => sum + Number(m[1]), 0);
  return { checks, figures };
}

// ---- part 2 ---------------------------------------------------------------------------------------

async function redisDown({ stack, pool, jobs, people }) {
  const checks = new Checks();
  const figures = {};
  const total = 100;
  await stack.stopRedis();
  log('Redis stopped: submitting while it is down');
  const submitted = await submitMany({ apiUrls: stack.apiUrls, tokens: people.tokens, pairs: people.pairs, total, ratePerSecond: 50, maxAttempts: 1, label: 'Panne Redis absent' });
  figures.whileDown = { submissions: total, acknowledged: submitted.acknowledged.length, fiveXx: submitted.fiveXx, refusals: submitted.refusals, latencyMs: submitted.latencyMs };
  checks.add('submissions accepted while Redis is down', submitted.acknowledged.length === total, `${submitted.acknowledged.length}/${total}, p95 ${submitted.latencyMs.p95} ms`);
  checks.add('no 5xx while Redis is down', submitted.fiveXx === 0, JSON.stringify(submitted.refusals));
  await sleep(2_000);
  const [{ unrouted }] = (await pool.query(`SELECT count(*)::int AS unrouted FROM need WHERE id = ANY($1::uuid[]) AND current_routing_id IS NULL`, [submitted.acknowledged])).rows;
  figures.unroutedWhileDown = unrouted;
  await stack.startRedis();
  const back = Date.now();
  log(`Redis started again with its data (${unrouted} of them waiting)`);
  const drain = await waitForDrain({ pool, jobs, needIds: submitted.acknowledged, timeoutMs: 3 * 60_000, onProgress: (b) => b && log(`draining: ${JSON.stringify(b)}`) });
  figures.routedAfterRedisBackSeconds = drain.drained ? seconds(Date.now() - back) : null;
  checks.add('needs submitted while Redis was down are routed once it is back', drain.drained, drain.drained ? `${figures.routedAfterRedisBackSeconds} s after Redis came back` : JSON.stringify(drain.last));
  const anomalies = await routingAnomalies(pool, submitted.acknowledged);
  checks.add('each routed exactly once', anomalies.length === 0, anomalies.length ? JSON.stringify(anomalies.slice(0, 3)) : '');
  return { checks, figures };
}

async function redisWiped({ stack, pool, jobs, people }) {
  const checks = new Checks();
  const figures = {};
  const total = 100;
  // Paused, the queue keeps the route-need jobs the relay adds: they are published, then lost with Redis's data.
  await jobs.queue.pause();
  const submitted = await submitMany({ apiUrls: stack.apiUrls, tokens: people.tokens, pairs: people.pairs, total, ratePerSecond: 50, maxAttempts: 3, label: 'Panne Redis vidé' });
  checks.add('submissions acknowledged', submitted.acknowledged.length === total, `${submitted.acknowledged.length}/${total}`);
  const publishDeadline = Date.now() + 60_000;
  let pending = Infinity;
  while (Date.now() < publishDeadline) {
    [{ pending }] = (await pool.query(`SELECT count(*)::int AS pending FROM outbox_message WHERE published_at IS NULL`)).rows;
    if (pending === 0) break;
    await sleep(200);
  }
  const [{ unrouted }] = (await pool.query(`SELECT count(*)::int AS unrouted FROM need WHERE id = ANY($1::uuid[]) AND current_routing_id IS NULL`, [submitted.acknowledged])).rows;
  figures.leftRecu = unrouted;
  checks.add('their jobs were published to the (paused) queue before the wipe', pending === 0 && unrouted === submitted.acknowledged.length, `${unrouted} needs reçu, ${pending} outbox rows unpublished`);

  await stack.stopRedis();
  stack.wipeRedisData();
  await stack.startRedis();
  const back = Date.now();
  log(`Redis restarted without its data (AOF deleted): ${unrouted} needs reçu whose job is gone`);

  // The job schedulers come back by themselves (QueueBackend.schedule, on reconnection).
  let schedulers = [];
  for (const deadline = Date.now() + 30_000; Date.now() < deadline; await sleep(500)) {
    schedulers = await jobs.queue.getJobSchedulers().catch(() => []);
    if (schedulers.some((s) => (s.key ?? s.id ?? s.name) === 'sweep-unrouted-needs' || s.name === 'sweep-unrouted-needs')) break;
  }
  figures.schedulersBack = schedulers.map((s) => s.key ?? s.name).sort();
  checks.add('job schedulers registered again after the wipe', schedulers.some((s) => s.name === 'sweep-unrouted-needs' || s.key === 'sweep-unrouted-needs'), figures.schedulersBack.join(', '));

  const drain = await waitForDrain({ pool, jobs, needIds: submitted.acknowledged, timeoutMs: 3 * 60_000, onProgress: (b) => b && log(`waiting for the sweep: ${JSON.stringify(b)}`) });
  figures.routedBySweepSeconds = drain.drained ? seconds(Date.now() - back) : null;
  checks.add('the reconciliation sweep routes every need left reçu', drain.drained, drain.drained ? `${figures.routedBySweepSeconds} s after the wipe (sweep every 5 s, grace 15 s here; 1 min and 2 min in production)` : JSON.stringify(drain.last));
  const anomalies = await routingAnomalies(pool, submitted.acknowledged);
  checks.add('each routed exactly once', anomalies.length === 0, anomalies.length ? JSON.stringify(anomalies.slice(0, 3)) : '');
  const mails = await emailCheck(pool, stack.sink.messages, submitted.acknowledged);
  checks.add('their staff alerts reached the SMTP sink', mails.missing === 0 && mails.expected >= submitted.acknowledged.length, `${mails.expected} alerts, ${mails.missing} missing`);
  return { checks, figures };
}

// ---- part 3 ---------------------------------------------------------------------------------------

async function fuzz({ stack, deadlineMs }) {
  const checks = new Checks();
  const { runFuzz } = await import(pathToFileURL(path.join(root, 'tools/fault/fuzz.mjs')).href);
  const result = await runFuzz({
    apiUrls: stack.apiUrls,
    webUrl: stack.webUrl,
    databaseUrl: stack.databaseUrl,
    webApiKey: stack.webApiKey,
    smtpMessages: stack.sink.messages,
    log,
    deadlineMs,
  });
  const failures = result?.failures ?? [];
  checks.add(`malformed input: ${result?.cases ?? 0} cases`, failures.length === 0 && (result?.cases ?? 0) > 0, failures.length ? `${failures.length} failure(s): ${failures.slice(0, 5).map((f) => (typeof f === 'string' ? f : JSON.stringify(f))).join(' | ')}` : '');
  checks.add('no app crashed during the malformed input', stack.crashes.length === 0, stack.crashed.join(', '));
  return { checks, figures: { cases: result?.cases ?? 0, failures: failures.length, byCategory: result?.byCategory ?? null } };
}

// ---- report ---------------------------------------------------------------------------------------

function renderReport(report) {
  const lines = [`# Fault-injection suite — ${report.ok ? 'PASSED' : 'FAILED'}`, '', `${report.startedAt}, ${report.seconds} s in all (stack start ${report.stackSeconds} s).`, ''];
  for (const s of report.scenarios) {
    lines.push(`## ${s.name}: ${s.ok ? 'passed' : 'FAILED'} (${s.seconds} s)`, '');
    for (const c of s.checks) lines.push(`- ${c.ok ? '✔' : '✘'} ${c.name}${c.detail ? ` — ${c.detail}` : ''}`);
    lines.push('', '```json', JSON.stringify(s.figures, null, 2), '```', '');
  }
  if (report.error) lines.push(`Error: ${report.error}`, '');
  return lines.join('\n');
}

/** The figures of a run, as the short list docs/operations.md quotes. */
function docsFigures(report) {
  const part = (prefix) => report.scenarios.find((s) => s.name.startsWith(prefix));
  const p1 = part('1.')?.figures ?? {};
  const p2a = part('2a.')?.figures ?? {};
  const p2b = part('2b.')?.figures ?? {};
  const p3 = part('3.');
  const lines = [
    `Run of ${report.startedAt.slice(0, 16).replace('T', ' ')} UTC (\`node tools/fault/run.mjs --update-docs\`), ${report.seconds} s in all, stack start included (${report.stackSeconds} s):`,
    '',
    ...report.scenarios.map((s) => `- Part ${s.name.replace('. ', ', ')}: **${s.ok ? 'passed' : 'FAILED'}** (${s.seconds} s)`),
    '',
  ];
  if (p1.burst) {
    lines.push(
      `- Burst: ${p1.burst.acknowledged}/${p1.burst.submissions} submissions acknowledged at ${p1.burst.ratePerSecond}/s over both apis in ${p1.burst.seconds} s (${p1.burst.attempts - p1.burst.submissions} refused while PostgreSQL was down, sent again); ${p1.needs.inDatabase} needs stored (${p1.needs.unacknowledgedButStored} whose answer was lost), ${p1.needs.routedOtherThanOnce} routed other than exactly once.`,
      `- Emails: ${p1.emails.alertsRecorded} staff alerts recorded, ${p1.emails.received} received by the sink (${p1.emails.receivedDuringBurst} while the faults happened), ${p1.emails.missing} missing, **${p1.emails.duplicates} duplicate(s) for ${p1.emails.kills} kills**; ${p1.emails.recordedAfterFailedAttempt ?? 0} recorded after their attempt failed.`,
      `- Drain: ${p1.drain.afterRecoverySeconds} s after PostgreSQL came back (${p1.drain.afterBurstSeconds} s after the last submission); limit 300 s.`,
    );
  }
  if (p2a.whileDown) lines.push(`- Redis down: ${p2a.whileDown.acknowledged}/${p2a.whileDown.submissions} acknowledged, ${p2a.whileDown.fiveXx} 5xx (p95 ${p2a.whileDown.latencyMs.p95} ms); all routed ${p2a.routedAfterRedisBackSeconds} s after Redis came back.`);
  if (p2b.leftRecu !== undefined) lines.push(`- Redis wiped: ${p2b.leftRecu} needs left reçu, all routed by the sweep ${p2b.routedBySweepSeconds} s after the wipe (sweep every 5 s, grace 15 s in the suite).`);
  if (p3) lines.push(`- Malformed input: ${p3.figures.cases} cases, ${p3.figures.failures} failure(s).`);
  return lines.join('\n');
}

function updateDocs(report) {
  const file = path.join(root, 'docs/operations.md');
  const text = fs.readFileSync(file, 'utf8');
  const start = '<!-- fault-figures -->';
  const end = '<!-- /fault-figures -->';
  const a = text.indexOf(start);
  const b = text.indexOf(end);
  if (a < 0 || b < a) throw new Error(`docs/operations.md has no ${start} … ${end} block`);
  fs.writeFileSync(file, `${text.slice(0, a + start.length)}\n${docsFigures(report)}\n${text.slice(b)}`);
  log('figures written to docs/operations.md');
}

async function main() {
  const opts = parseArgs(process.argv.slice(2));
  for (const f of ['apps/api/dist/main.js', 'apps/api/dist/migrate.js', 'apps/worker/dist/main.js']) {
    if (!fs.existsSync(path.join(root, f))) throw new Error(`${f} is missing: run node tools/build.mjs first`);
  }
  const withFuzz = opts.fuzz && fs.existsSync(path.join(root, 'tools/fault/fuzz.mjs'));
  if (withFuzz && !fs.existsSync(path.join(root, 'apps/web/build/index.js'))) throw new Error('apps/web/build is missing: run node tools/build.mjs first');
  const stack = new Stack({ log, web: withFuzz, keep: opts.keep });
  const report = { startedAt: new Date().toISOString(), ok: false, scenarios: [], seconds: null, stackSeconds: null, error: null };
  let pool = null;
  let jobs = null;

  process.on('unhandledRejection', (error) => {
    log(`unexpected error: ${error?.stack ?? error}`);
    void stack.stop().finally(() => process.exit(1));
  });
  let interrupted = 0;
  for (const sig of ['SIGINT', 'SIGTERM']) {
    process.on(sig, () => {
      interrupted += 1;
      if (interrupted > 1) process.exit(130);
      log(`${sig}: stopping the stack`);
      // The same stop as main's: whichever waits on it, this exit comes first.
      void stack.stop().finally(() => process.exit(130));
    });
  }

  try {
    await stack.start();
    report.stackSeconds = seconds(Date.now() - T0);
    pool = database(stack.databaseUrl);
    jobs = jobsQueue(stack.redisUrl, 'fault');
    const people = await seed(pool);
    log(`seeded ${people.tokens.length} residents with sessions, ${people.agents} agents (immediate alerts), ${people.pairs.length} routable (category, commune) pairs`);

    const run = async (name, fn) => {
      const t = Date.now();
      log(`==== ${name}`);
      let result;
      try {
        result = await fn();
      } catch (error) {
        result = { checks: new Checks(), figures: {} };
        result.checks.add(`${name} ran to the end`, false, error.stack ?? String(error));
      }
      report.scenarios.push({ name, ok: result.checks.ok, seconds: seconds(Date.now() - t), checks: result.checks.list, figures: result.figures });
    };
    await run('1. crashes during a burst (worker SIGKILL, Redis restart, PostgreSQL immediate stop)', () => crashes({ stack, pool, jobs, people, total: opts.burst }));
    await run('2a. Redis down', () => redisDown({ stack, pool, jobs, people }));
    await run('2b. Redis restarted without its data', () => redisWiped({ stack, pool, jobs, people }));
    if (withFuzz) {
      // Part 3 gets whatever the suite's 10 minutes leave (30 s kept for the final checks and teardown).
      const left = 10 * 60_000 - (Date.now() - T0) - 30_000;
      await run('3. malformed input', () => fuzz({ stack, deadlineMs: Math.max(60_000, left) }));
    } else log(opts.fuzz ? 'part 3 skipped: tools/fault/fuzz.mjs does not exist' : 'part 3 skipped (--no-fuzz)');
    report.final = await backlog(pool).catch(() => null);
  } catch (error) {
    report.error = error.stack ?? String(error);
    log(`error: ${report.error}`);
  } finally {
    await jobs?.close();
    await pool?.end().catch(() => undefined);
    log('stopping the stack');
    await stack.stop();
  }
  report.ok = !report.error && report.scenarios.length > 0 && report.scenarios.every((s) => s.ok);
  report.seconds = seconds(Date.now() - T0);
  const text = renderReport(report);
  const jsonFile = opts.report.replace(/\.md$/, '') + '.json';
  fs.mkdirSync(path.dirname(opts.report), { recursive: true });
  fs.writeFileSync(opts.report, text);
  fs.writeFileSync(jsonFile, JSON.stringify(report, null, 2) + '\n');
  process.stdout.write(`\n${text}\n`);
  if (opts.docs && report.scenarios.length) updateDocs(report);
  log(`report written to ${path.relative(root, opts.report)} and ${path.relative(root, jsonFile)}`);
  log(report.ok ? 'fault-injection suite PASSED' : 'fault-injection suite FAILED');
  process.exit(report.ok ? 0 : 1);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});

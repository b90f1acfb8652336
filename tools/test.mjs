#!/usr/bin/env node
// npm test — runs the test tiers in order and prints one closing line "N passed, N failed, N skipped".
//
//   node tools/test.mjs [--tier unit|integration|e2e]... [--summary-file FILE]
//
// unit         vitest --project unit         no services
// integration  vitest --project integration  DATABASE_URL / REDIS_URL when set, else an embedded PostgreSQL
// e2e          playwright test -c e2e        starts the production stack through tools/launcher.mjs;
//                                            needs Chromium (/usr/bin/chromium or CHROMIUM_PATH)
//
// Every tier runs even when an earlier one failed; the exit code is 1 if any failed.
// Outside CI a missing Chromium skips the e2e tier with a notice; with CI=true it is a failure.
// --summary-file appends one JSON line with the counts, for .ci/run to add up several runs.
// JSON reports are kept in test-results/tiers/.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { countVitest, countPlaywright, tierResult, sumResults, closingLine } from './lib/reports.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const TIERS = ['unit', 'integration', 'e2e'];
const isCI = /^(1|true|yes)$/i.test(process.env.CI ?? '');

function parseArgs(argv) {
  const out = { tiers: [], summaryFile: null };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = () => {
      const v = argv[++i];
      if (v === undefined) usage(`${a} needs a value`);
      return v;
    };
    if (a === '--tier') out.tiers.push(...value().split(','));
    else if (a.startsWith('--tier=')) out.tiers.push(...a.slice(7).split(','));
    else if (a === '--summary-file') out.summaryFile = value();
    else if (a.startsWith('--summary-file=')) out.summaryFile = a.slice(15);
    else if (a === '-h' || a === '--help') usage();
    else usage(`unknown argument: ${a}`);
  }
  for (const t of out.tiers) if (!TIERS.includes(t)) usage(`unknown tier: ${t}`);
  out.tiers = out.tiers.length ? TIERS.filter((t) => out.tiers.includes(t)) : TIERS;
  return out;
}

function usage(error) {
  const text = 'usage: node tools/test.mjs [--tier unit|integration|e2e]... [--summary-file FILE]';
  if (error) {
    console.error(`${error}\n${text}`);
    process.exit(2);
  }
  console.log(text);
  process.exit(0);
}

function run(cmd, args, env, cwd = root) {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { cwd, env, stdio: ['ignore', 'inherit', 'inherit'] });
    const forward = (sig) => child.kill(sig);
    process.on('SIGINT', forward);
    process.on('SIGTERM', forward);
    child.on('error', (err) => {
      console.error(`[test] cannot run ${cmd}: ${err.message}`);
      resolve(127);
    });
    child.on('exit', (code, signal) => {
      process.off('SIGINT', forward);
      process.off('SIGTERM', forward);
      resolve(code ?? (signal ? 128 : 1));
    });
  });
}

function readJson(file) {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch {
    return null;
  }
}

export function findChromium(env = process.env) {
  const candidates = [env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser'].filter(Boolean);
  return candidates.find((p) => fs.existsSync(p)) ?? null;
}

const bin = (name) => path.join(root, 'node_modules', '.bin', name);

async function runVitest(project, reportFile) {
  fs.rmSync(reportFile, { force: true });
  const exitCode = await run(
    bin('vitest'),
    ['run', '--project', project, '--reporter=default', '--reporter=json', `--outputFile=${reportFile}`],
    process.env,
  );
  return tierResult(project, { exitCode, counts: countVitest(readJson(reportFile)) });
}

async function runE2e(reportFile) {
  const chromium = findChromium();
  if (!chromium) {
    const how = 'install it with `apt-get install chromium` (Debian) or set CHROMIUM_PATH';
    if (isCI) {
      console.error(`[test] e2e: no Chromium found (/usr/bin/chromium or CHROMIUM_PATH): ${how}. Failing, since CI=true.`);
      return { tier: 'e2e', ran: false, ok: false, passed: 0, failed: 1, skipped: 0, notes: ['no Chromium'] };
    }
    console.log('');
    console.log('[test] ************************************************************');
    console.log('[test] e2e tier NOT RUN: no Chromium found at /usr/bin/chromium or CHROMIUM_PATH.');
    console.log(`[test] To run it: ${how}, then: npm test -- --tier e2e`);
    console.log('[test] ************************************************************');
    return { tier: 'e2e', ran: false, ok: true, passed: 0, failed: 0, skipped: 0, notes: ['not run: no Chromium'] };
  }
  fs.rmSync(reportFile, { force: true });
  const exitCode = await run(bin('playwright'), ['test', '-c', 'e2e', '--reporter=list,json'], {
    ...process.env,
    CHROMIUM_PATH: chromium,
    PLAYWRIGHT_JSON_OUTPUT_NAME: reportFile,
  });
  return tierResult('e2e', { exitCode, counts: countPlaywright(readJson(reportFile)) });
}

async function main() {
  const { tiers, summaryFile } = parseArgs(process.argv.slice(2));
  const reportDir = path.join(root, 'test-results', 'tiers');
  fs.mkdirSync(reportDir, { recursive: true });
  const results = [];
  // The web's tsconfig extends the one svelte-kit generates: a fresh clone has none yet.
  if (tiers.includes('unit') && !fs.existsSync(path.join(root, 'apps/web/.svelte-kit/tsconfig.json'))) {
    await run(bin('svelte-kit'), ['sync'], process.env, path.join(root, 'apps/web'));
  }
  // The e2e tier runs the production build: build what is stale first, outside Playwright's timeouts.
  if (tiers.includes('e2e') && findChromium()) {
    const code = await run(process.execPath, [path.join(root, 'tools/build.mjs'), '--quiet'], process.env);
    if (code !== 0) console.error('[test] the production build failed; the e2e tier will fail too');
  }
  for (const tier of tiers) {
    const t0 = Date.now();
    console.log(`\n[test] ===== ${tier} tier =====`);
    const reportFile = path.join(reportDir, `${tier}.json`);
    const result = tier === 'e2e' ? await runE2e(reportFile) : await runVitest(tier, reportFile);
    result.seconds = Math.round((Date.now() - t0) / 100) / 10;
    results.push(result);
  }

  console.log('\n[test] ===== summary =====');
  for (const r of results) {
    const status = !r.ran ? (r.ok ? 'not run' : 'FAILED (not run)') : r.ok ? 'ok' : 'FAILED';
    const notes = r.notes.length ? ` (${r.notes.join('; ')})` : '';
    console.log(`[test] ${r.tier.padEnd(11)} ${status.padEnd(16)} ${closingLine(r).padEnd(34)} ${r.seconds} s${notes}`);
  }
  const total = sumResults(results);
  if (summaryFile) {
    fs.mkdirSync(path.dirname(path.resolve(summaryFile)), { recursive: true });
    fs.appendFileSync(summaryFile, JSON.stringify({ at: new Date().toISOString(), ...total, tiers: results }) + '\n');
  }
  console.log(closingLine(total));
  process.exit(results.every((r) => r.ok) ? 0 : 1);
}

main().catch((err) => {
  console.error(`[test] ${err.stack ?? err.message}`);
  process.exit(1);
});

#!/usr/bin/env node
// Benchmark 4 (issue 8), pages: what a page costs the server and the visitor, on the production build.
//
//   flock /tmp/pit-build.lock node tools/build.mjs      (once: api, worker and web builds)
//   node bench/pages.mjs [--keep] [--needs 300] [--connections 16] [--seconds 5] [--rounds 3] [--no-crawl] [--large-db pit_bench_10k]
//
// 1. A scratch database (pit_h3_pages: migrated, territory seeded) gets --needs needs submitted through
//    GraphQL by 20 residents, routed by the worker, with supports and comments; api, worker and web
//    (apps/web/server.js: the adapter-node handler behind brotli/gzip) run on free ports.
// 2. SSR throughput and latency, side by side in one run, at a fixed concurrency (closed loop, keep-alive,
//    `accept-encoding: br, gzip` as a browser sends): the home page, the needs list and a need page; for
//    each, the GraphQL calls that page makes, replayed straight to the api (recorded once through a
//    proxy, the web server's own headers included); and a static file served by the same web server
//    (/favicon.svg). Targets take turns (--rounds × --seconds each), so other load on the machine falls
//    on all of them alike. Read: "SSR of the need page costs X× its GraphQL calls".
// 3. Every public page reachable by links from / (one per shape, as the page-budget test and the
//    eco-design statement count them): bytes transferred (compressed, headers included), requests and
//    DOM elements in Debian's Chromium (playwright-core), and the EcoIndex of those three figures
//    (apps/web/src/lib/ecoindex.ts, the function the eco-design page uses).
// 4. When database --large-db (default pit_bench_10k, made by bench/generate.mjs) exists, step 2 again on
//    it (api and web only: it is only read).
// Prints tables and writes bench/results/pages.json (rendered into bench/README.md by bench/report.mjs).
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import zlib from 'node:zlib';
import pg from 'pg';
import ts from 'typescript';
import { chromium } from 'playwright-core';
import { statement } from '../tools/eco-statement.mjs';
import { anyFreePort } from '../tools/lib/net.mjs';
import { databaseExists, databaseUrl } from './lib/db.mjs';
import { writeResults } from './lib/results.mjs';
import { createResidents, graphql, request, root, sampleLoad, scratchDatabase, startStack, summary } from './lib/stack.mjs';

const args = process.argv.slice(2);
const option = (name, fallback) => {
  const i = args.indexOf(name);
  return i === -1 ? fallback : args[i + 1];
};
const OPTS = {
  keep: args.includes('--keep'),
  crawl: !args.includes('--no-crawl'),
  needs: Number(option('--needs', 300)),
  connections: Number(option('--connections', 16)),
  seconds: Number(option('--seconds', 5)),
  rounds: Number(option('--rounds', 3)),
  largeDb: option('--large-db', 'pit_bench_10k'),
};
const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const BROWSER_HEADERS = { 'accept-encoding': 'br, gzip', accept: 'text/html,application/xhtml+xml', 'user-agent': 'pit-bench-pages' };
const log = (line) => console.log(`[pages] ${line}`);

/** EcoIndex from the web app's own TypeScript module (one definition for the statement page and the bench). */
async function loadEcoIndex() {
  const source = fs.readFileSync(path.join(root, 'apps/web/src/lib/ecoindex.ts'), 'utf8');
  const { outputText } = ts.transpileModule(source, { compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 } });
  return import(`data:text/javascript;base64,${Buffer.from(outputText).toString('base64')}`);
}

// ---------------------------------------------------------------------------------------------------------
// Data

const TITLES = ['Lampadaire éteint', 'Trottoir défoncé', 'Conteneur à verre plein', 'Passage piéton effacé', 'Banc cassé', 'Nid-de-poule dangereux', 'Arrêt de bus sans abri', 'Piste cyclable interrompue'];
const PLACES = ['rue des Lilas', 'place de la mairie', 'avenue Jean Jaurès', 'chemin du Moulin', 'quai de la Maine', 'rue Saint-Aubin', 'boulevard Foch', 'allée des Tilleuls'];

async function seed(stack, pool, count) {
  const started = performance.now();
  const residents = await createResidents(pool, 20, 'pages');
  const { rows: categories } = await pool.query('SELECT key FROM category ORDER BY position');
  const { rows: communes } = await pool.query('SELECT code FROM commune ORDER BY code');
  const submit = `mutation($input: SubmitNeedInput!) { submitNeed(input: $input) { id reference } }`;
  const needs = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: 6 }, async () => {
      while (next < count) {
        const i = next++;
        const title = `${TITLES[i % TITLES.length]} ${PLACES[(i >> 3) % PLACES.length]} (${i})`;
        const description = `${title} : signalé par des habitants du quartier depuis plusieurs semaines, la situation gêne les passants, les enfants et les personnes âgées. Merci de regarder.`;
        const input = { title, description, categoryKey: categories[i % categories.length].key, communeCode: communes[(i * 7) % communes.length].code };
        const data = await graphql(stack.apiUrl, submit, { input }, residents[i % residents.length].token);
        needs.push(data.submitNeed);
      }
    }),
  );
  // Supports and comments on the first needs (the need page shows both).
  const support = `mutation($id: ID!) { supportNeed(needId: $id) { supportCount } }`;
  const comment = `mutation($id: ID!, $body: String!) { postComment(needId: $id, body: $body) { id } }`;
  let failures = 0;
  for (const [n, need] of needs.slice(0, 40).entries()) {
    for (let r = 1; r <= 1 + (n % 12); r++) {
      const resident = residents[(needs.indexOf(need) + r) % residents.length];
      await graphql(stack.apiUrl, support, { id: need.id }, resident.token).catch(() => failures++);
      if (r <= 3) await graphql(stack.apiUrl, comment, { id: need.id, body: `Même constat de mon côté, c’est ainsi depuis des semaines (${r}).` }, resident.token).catch(() => failures++);
    }
  }
  // Routed by the worker: wait until no need is left reçu.
  for (let waited = 0; ; waited += 200) {
    const { rows } = await pool.query(`SELECT count(*)::int AS n FROM need WHERE status = 'received'`);
    if (!rows[0].n) break;
    if (waited > 60_000) throw new Error(`${rows[0].n} needs still reçu after 60 s`);
    await new Promise((r) => setTimeout(r, 200));
  }
  log(`seeded ${needs.length} needs (+ supports and comments on 40, ${failures} refused) in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  return needs;
}

/** A need page to measure: the public need with the most comments (then supports) among the latest. */
async function pickNeed(pool) {
  const { rows } = await pool.query(
    `SELECT n.reference FROM (SELECT id, reference FROM need WHERE status IN ('transmitted', 'under_study', 'accepted', 'planned', 'in_progress', 'done')
                                 AND NOT EXISTS (SELECT 1 FROM need_moderation_hold h WHERE h.need_id = need.id)
                               ORDER BY created_at DESC LIMIT 200) n
      ORDER BY (SELECT count(*) FROM comment c WHERE c.need_id = n.id) DESC,
               (SELECT count(*) FROM need_support s WHERE s.need_id = n.id) DESC, n.reference
      LIMIT 1`,
  );
  if (!rows[0]) throw new Error('no public need to measure');
  return rows[0].reference;
}

// ---------------------------------------------------------------------------------------------------------
// GraphQL calls of each page, recorded through a proxy between the web server and the api

async function recordCalls(stack, pagePaths) {
  const calls = [];
  const target = new URL(stack.apiUrl);
  const proxy = http.createServer((req, res) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const headers = { ...req.headers };
      delete headers.host;
      delete headers.connection;
      delete headers['content-length'];
      calls.push({ method: req.method, path: req.url, headers, body: body.toString('utf8') });
      const upstream = http.request({ host: target.hostname, port: target.port, method: req.method, path: req.url, headers: { ...headers, 'content-length': body.length } }, (up) => {
        res.writeHead(up.statusCode ?? 502, up.headers);
        up.pipe(res);
      });
      upstream.on('error', () => res.writeHead(502).end());
      upstream.end(body);
    });
  });
  const port = await anyFreePort();
  await new Promise((resolve) => proxy.listen(port, '127.0.0.1', resolve));
  await stack.stopApp('web');
  await stack.start('web', { API_URL: `http://127.0.0.1:${port}` });
  const byPage = {};
  try {
    for (const pagePath of pagePaths) {
      calls.length = 0;
      const res = await request(stack.webUrl + pagePath, { headers: BROWSER_HEADERS });
      if (res.status !== 200) throw new Error(`${pagePath} answered ${res.status} while recording its GraphQL calls`);
      byPage[pagePath] = calls.splice(0).filter((c) => c.path.startsWith('/graphql'));
    }
  } finally {
    await stack.stopApp('web');
    proxy.close();
    await stack.start('web');
  }
  return byPage;
}

// ---------------------------------------------------------------------------------------------------------
// Closed-loop load: `connections` clients, each sending its next request when the previous one answers.

async function load(run, { connections, seconds }) {
  const latencies = [];
  let bytes = 0;
  let errors = 0;
  let firstError = null;
  const started = performance.now();
  const end = started + seconds * 1000;
  await Promise.all(
    Array.from({ length: connections }, async () => {
      while (performance.now() < end) {
        const t = performance.now();
        try {
          const size = await run();
          latencies.push(performance.now() - t);
          bytes += size;
        } catch (error) {
          errors++;
          firstError ??= String(error.message ?? error).slice(0, 200);
        }
      }
    }),
  );
  return { latencies, bytes, errors, firstError, seconds: (performance.now() - started) / 1000 };
}

function pageRequest(url) {
  return async () => {
    const res = await request(url, { headers: BROWSER_HEADERS });
    if (res.status !== 200) throw new Error(`${new URL(url).pathname}: HTTP ${res.status}`);
    return res.body.length;
  };
}

/** The page's GraphQL calls one after the other (as its load functions await them). */
function replayRequest(apiUrl, calls) {
  return async () => {
    let total = 0;
    for (const call of calls) {
      const res = await request(apiUrl + call.path, { method: call.method, headers: { ...call.headers, 'content-length': Buffer.byteLength(call.body) }, body: call.body });
      if (res.status !== 200 || res.body.includes('"errors"')) throw new Error(`GraphQL replay: ${res.status}`);
      total += res.body.length;
    }
    return total;
  };
}

async function measureSsr(stack, label, needReference) {
  const pages = [
    { key: 'home', title: 'Home page', path: '/' },
    { key: 'list', title: 'Needs list', path: '/besoins' },
    { key: 'need', title: 'Need page', path: `/besoins/${needReference}` },
  ];
  const calls = await recordCalls(stack, pages.map((p) => p.path));
  const anatomy = await pageAnatomy(stack, pages);
  const targets = [];
  for (const page of pages) {
    targets.push({ key: page.key, kind: 'ssr', title: `${page.title} (SSR)`, path: page.path, run: pageRequest(stack.webUrl + page.path) });
    targets.push({
      key: `${page.key}-graphql`,
      kind: 'graphql',
      title: `${page.title}: its ${calls[page.path].length} GraphQL call(s) straight to the api`,
      path: page.path,
      calls: calls[page.path].map((c) => JSON.parse(c.body).query.match(/^\s*(query|mutation)\s+(\w+)/)?.[2] ?? 'anonymous'),
      run: replayRequest(stack.apiUrl, calls[page.path]),
    });
  }
  targets.push({ key: 'static', kind: 'static', title: 'Static file, same web server (/favicon.svg)', path: '/favicon.svg', run: pageRequest(`${stack.webUrl}/favicon.svg`) });

  log(`${label}: warm-up, then ${OPTS.rounds} rounds × ${targets.length} targets × ${OPTS.seconds} s at ${OPTS.connections} connections`);
  for (const t of targets) await load(t.run, { connections: OPTS.connections, seconds: 1 });
  const acc = new Map(targets.map((t) => [t.key, { latencies: [], bytes: 0, errors: 0, firstError: null, seconds: 0 }]));
  for (let round = 0; round < OPTS.rounds; round++) {
    for (const t of targets) {
      const r = await load(t.run, { connections: OPTS.connections, seconds: OPTS.seconds });
      const a = acc.get(t.key);
      a.latencies.push(...r.latencies);
      a.bytes += r.bytes;
      a.errors += r.errors;
      a.firstError ??= r.firstError;
      a.seconds += r.seconds;
    }
  }
  const rows = targets.map((t) => {
    const a = acc.get(t.key);
    const lat = summary(a.latencies);
    return {
      key: t.key,
      kind: t.kind,
      title: t.title,
      path: t.path.replace(needReference, ':reference'),
      ...(t.calls ? { calls: t.calls } : {}),
      requests: lat.n,
      errors: a.errors,
      ...(a.firstError ? { firstError: a.firstError } : {}),
      requestsPerSecond: Math.round((lat.n / a.seconds) * 10) / 10,
      latencyMs: { p50: lat.p50, p95: lat.p95, p99: lat.p99, mean: lat.mean },
      bytesPerResponse: lat.n ? Math.round(a.bytes / lat.n) : null,
    };
  });
  const byKey = Object.fromEntries(rows.map((r) => [r.key, r]));
  const ratios = pages.map((p) => ({
    page: p.key,
    // How many times its GraphQL calls the SSR page costs (latency), and how many SSR pages per GraphQL replay (throughput).
    p95VsGraphql: round2(byKey[p.key].latencyMs.p95 / byKey[`${p.key}-graphql`].latencyMs.p95),
    p50VsGraphql: round2(byKey[p.key].latencyMs.p50 / byKey[`${p.key}-graphql`].latencyMs.p50),
    throughputVsGraphql: round2(byKey[p.key].requestsPerSecond / byKey[`${p.key}-graphql`].requestsPerSecond),
    throughputVsStatic: round2(byKey[p.key].requestsPerSecond / byKey.static.requestsPerSecond),
  }));
  printSsr(label, rows, ratios);
  for (const a of anatomy) {
    console.log(`  ${a.page}: HTML ${a.htmlBytes} bytes (${a.inlineScriptBytes} of inline script), brotli as served ${a.brotliBytes} bytes in ${a.brotliMs} ms per answer`);
  }
  return { label, needReference, rows, ratios, anatomy };
}

const round2 = (v) => Math.round(v * 100) / 100;

/**
 * What each page's HTML holds and what compressing it costs: its size, the inline scripts in it (a page with
 * client JavaScript carries its bundle inline), and the time brotli takes at the web server's setting
 * (apps/web/server.js: quality 5): the median wall time of 15 compressions in this process.
 */
async function pageAnatomy(stack, pages) {
  const out = [];
  for (const page of pages) {
    const res = await request(stack.webUrl + page.path, { headers: { ...BROWSER_HEADERS, 'accept-encoding': 'identity' } });
    const html = res.body;
    const inlineScriptBytes = [...html.toString('utf8').matchAll(/<script\b[^>]*>([\s\S]*?)<\/script>/g)].reduce((sum, m) => sum + Buffer.byteLength(m[1]), 0);
    const times = [];
    let brotliBytes = 0;
    for (let i = 0; i < 15; i++) {
      const t = performance.now();
      brotliBytes = zlib.brotliCompressSync(html, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 5, [zlib.constants.BROTLI_PARAM_SIZE_HINT]: html.length } }).length;
      times.push(performance.now() - t);
    }
    out.push({ page: page.key, htmlBytes: html.length, inlineScriptBytes, brotliBytes, brotliMs: summary(times).p50 });
  }
  return out;
}

function printSsr(label, rows, ratios) {
  console.log(`\nSSR on ${label} (${OPTS.connections} connections, ${OPTS.rounds} × ${OPTS.seconds} s each)`);
  console.log(['target'.padEnd(64), 'req/s'.padStart(8), 'p50 ms'.padStart(8), 'p95 ms'.padStart(8), 'p99 ms'.padStart(8), 'bytes'.padStart(7), 'err'.padStart(4)].join(' '));
  for (const r of rows) {
    console.log([r.title.slice(0, 64).padEnd(64), String(r.requestsPerSecond).padStart(8), String(r.latencyMs.p50).padStart(8), String(r.latencyMs.p95).padStart(8), String(r.latencyMs.p99).padStart(8), String(r.bytesPerResponse).padStart(7), String(r.errors).padStart(4)].join(' '));
  }
  for (const r of ratios) console.log(`  ${r.page}: SSR p95 = ${r.p95VsGraphql}× its GraphQL calls' p95; throughput ${r.throughputVsGraphql}× theirs, ${r.throughputVsStatic}× the static file's`);
}

// ---------------------------------------------------------------------------------------------------------
// Page weight in Chromium (the page-budget test's method: e2e/tests/budgets.spec.ts)

/** One page per shape: a need's reference and an authority's id are one shape, and so is a page with any query (?lang=en, filters, paging). */
function shapeOf(p) {
  return new URL(p, 'http://x').pathname.replace(/\/B-[0-9A-Z]{6}(?=\/|$)/, '/:reference').replace(/\/[0-9a-f]{8}-[0-9a-f-]{27}(?=\/|$)/, '/:id');
}

async function weigh(browser, baseURL, pagePath) {
  const context = await browser.newContext({ baseURL, javaScriptEnabled: true, serviceWorkers: 'block', locale: 'fr-FR' });
  try {
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    const sent = [];
    const done = new Map();
    cdp.on('Network.requestWillBeSent', (e) => {
      if (!e.request.url.startsWith('data:')) sent.push({ id: e.requestId, url: e.request.url });
    });
    cdp.on('Network.loadingFinished', (e) => done.set(e.requestId, e.encodedDataLength));
    cdp.on('Network.loadingFailed', (e) => done.set(e.requestId, 0));
    await cdp.send('Network.enable');
    await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
    const response = await page.goto(pagePath, { waitUntil: 'load' });
    if (new URL(page.url()).origin !== new URL(baseURL).origin) return null;
    if (response?.status() !== 200) return { path: pagePath, status: response?.status() ?? 0 };
    let last = sent.length;
    for (let quiet = 0; quiet < 3; ) {
      await page.waitForTimeout(100);
      const settled = sent.length === last && sent.every((r) => done.has(r.id));
      quiet = settled ? quiet + 1 : 0;
      last = sent.length;
    }
    // The favicon counts even when headless Chromium did not ask for it.
    const icon = await page.locator('link[rel~="icon"]').first().getAttribute('href').catch(() => null);
    if (icon) {
      const iconUrl = new URL(icon, page.url()).href;
      if (!sent.some((r) => r.url === iconUrl)) await page.evaluate(async (href) => void (await (await fetch(href)).arrayBuffer()), iconUrl);
    }
    for (let i = 0; i < 50 && !sent.every((r) => done.has(r.id)); i++) await page.waitForTimeout(100);
    const domElements = await page.evaluate(() => document.getElementsByTagName('*').length);
    const links = await page.locator('a[href]').evaluateAll((as) => as.map((a) => a.href));
    const bytes = sent.reduce((sum, r) => sum + (done.get(r.id) ?? 0), 0);
    return { path: pagePath, status: 200, bytes, requests: sent.length, domElements, links };
  } finally {
    await context.close();
  }
}

async function crawl(baseURL, ecoIndex) {
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  const origin = new URL(baseURL).origin;
  const measured = [];
  try {
    const queue = ['/'];
    const seen = new Set(queue);
    const shapes = new Set([shapeOf('/')]);
    while (queue.length && measured.length < 80) {
      const batch = queue.splice(0, 2);
      for (const entry of await Promise.all(batch.map((p) => weigh(browser, baseURL, p)))) {
        if (!entry || entry.status !== 200) continue;
        const { links, ...m } = entry;
        measured.push(m);
        for (const href of links) {
          const url = new URL(href);
          if (url.origin !== origin || /\.(json|csv|geojson|xml|svg)$/.test(url.pathname) || /\/photos\/\d+\/image$/.test(url.pathname)) continue;
          const next = url.pathname + url.search;
          const shape = shapeOf(next);
          if (seen.has(next) || shapes.has(shape)) continue;
          seen.add(next);
          shapes.add(shape);
          queue.push(next);
        }
      }
    }
  } finally {
    await browser.close();
  }
  // Public pages only, one per shape: the eco-design statement's rule (tools/eco-statement.mjs).
  const pages = statement(measured, new Date().toISOString().slice(0, 10)).pages.map((p) => ({ ...p, ecoIndex: ecoIndex.ecoIndex(p) }));
  console.log(`\nPublic pages (${pages.length}): bytes transferred, requests, DOM elements, EcoIndex`);
  for (const p of pages) {
    console.log(`${p.path.slice(0, 50).padEnd(50)} ${String(p.bytes).padStart(7)} ${String(p.requests).padStart(3)} ${String(p.domElements).padStart(5)}  ${p.ecoIndex.score} ${p.ecoIndex.grade}`);
  }
  return pages;
}

// ---------------------------------------------------------------------------------------------------------

async function main() {
  const startedAt = new Date();
  const ecoIndex = await loadEcoIndex();
  for (const f of ['apps/api/dist/main.js', 'apps/worker/dist/main.js', 'apps/web/build/handler.js']) {
    if (!fs.existsSync(path.join(root, f))) throw new Error(`${f} is missing: run flock /tmp/pit-build.lock node tools/build.mjs`);
  }
  const results = {
    startedAt: startedAt.toISOString(),
    options: { connections: OPTS.connections, seconds: OPTS.seconds, rounds: OPTS.rounds, needs: OPTS.needs },
    ssr: [],
    pages: null,
  };

  const load = sampleLoad();
  const db = await scratchDatabase('pit_h3_pages', { keep: OPTS.keep, log });
  const pool = new pg.Pool({ connectionString: db.url, max: 4 });
  let stack = null;
  try {
    stack = await startStack({ databaseUrl: db.url, queuePrefix: `h3-pages-${process.pid}`, log, env: { PUBLIC_API_REQUESTS_PER_MINUTE: '0' } });
    await seed(stack, pool, OPTS.needs);
    const reference = await pickNeed(pool);
    const { rows } = await pool.query(`SELECT count(*)::int AS n FROM need`);
    results.ssr.push({ ...(await measureSsr(stack, `seed-like data (${rows[0].n} needs)`, reference)), database: 'scratch', needs: rows[0].n });
    if (OPTS.crawl) results.pages = await crawl(stack.webUrl, ecoIndex);
    await stack.stop();
    stack = null;

    if (OPTS.largeDb && (await databaseExists(OPTS.largeDb))) {
      const largePool = new pg.Pool({ connectionString: databaseUrl(OPTS.largeDb), max: 2 });
      try {
        const { rows: count } = await largePool.query(`SELECT count(*)::int AS n FROM need`);
        const ref = await pickNeed(largePool);
        stack = await startStack({ databaseUrl: databaseUrl(OPTS.largeDb), queuePrefix: `h3-pages-large-${process.pid}`, apps: ['api', 'web'], log, env: { PUBLIC_API_REQUESTS_PER_MINUTE: '0' } });
        results.ssr.push({ ...(await measureSsr(stack, `${OPTS.largeDb} (${count[0].n} needs)`, ref)), database: OPTS.largeDb, needs: count[0].n });
      } finally {
        await largePool.end();
      }
    } else {
      log(`database ${OPTS.largeDb} not found: SSR measured on the seed-like data only`);
    }
  } finally {
    await stack?.stop();
    await pool.end();
    await db.drop();
  }
  results.loadAverage = load.stop();
  results.finishedAt = new Date().toISOString();
  log(`results written to ${path.relative(root, writeResults('pages', results))}`);
}

main().then(
  () => process.exit(0),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);

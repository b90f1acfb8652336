// Renders bench/results/pages.json (bench/pages.mjs) as the "Pages" section of bench/README.md.
// `results`: the parsed file, or null when the benchmark has not been run.

const BUDGET = { bytes: 60 * 1024, requests: 5, domElements: 350 };
const num = (v, digits = 0) => (v === null || v === undefined ? '–' : Number(v).toLocaleString('en-GB', { maximumFractionDigits: digits, minimumFractionDigits: digits }));
const mark = (ok) => (ok ? '✓' : '✗');

function ssrSection(run, options) {
  const lines = [
    `#### ${run.label}`,
    '',
    `Need page measured: the public need with the most comments among the latest 200. ${options.connections} connections, ${options.rounds} rounds of ${options.seconds} s per target, targets taking turns.`,
    '',
    '| target | path | requests/s | p50 ms | p95 ms | p99 ms | bytes per answer | errors |',
    '|---|---|--:|--:|--:|--:|--:|--:|',
  ];
  for (const r of run.rows) {
    const title = r.calls ? `${r.title} (${r.calls.join(', ')})` : r.title;
    lines.push(`| ${title} | \`${r.path}\` | ${num(r.requestsPerSecond, 1)} | ${num(r.latencyMs.p50, 1)} | ${num(r.latencyMs.p95, 1)} | ${num(r.latencyMs.p99, 1)} | ${num(r.bytesPerResponse)} | ${r.errors} |`);
  }
  lines.push('', '| page | SSR p95 ÷ its GraphQL calls\' p95 | SSR p50 ÷ GraphQL p50 | SSR throughput ÷ GraphQL throughput | SSR throughput ÷ static file |', '|---|--:|--:|--:|--:|');
  const rps = Object.fromEntries(run.rows.map((r) => [r.key, r.requestsPerSecond]));
  // From the rows (the results file rounds this ratio to 2 decimals).
  const vsStatic = (page) => (rps[page] && rps.static ? rps[page] / rps.static : null);
  for (const r of run.ratios) lines.push(`| ${r.page} | ${num(r.p95VsGraphql, 2)}× | ${num(r.p50VsGraphql, 2)}× | ${num(r.throughputVsGraphql, 2)} | ${num(vsStatic(r.page), 4)} |`);
  const failed = run.rows.filter((r) => r.firstError);
  if (failed.length) lines.push('', `First error of each target that had some: ${failed.map((r) => `${r.key}: ${r.firstError}`).join('; ')}.`);
  const names = { home: 'the home page', list: 'the needs list', need: 'a need page' };
  if (run.anatomy?.length) {
    lines.push(
      '',
      '| page | HTML bytes | of which inline script | brotli bytes (as served) | brotli time per answer (ms, quality 5, median of 15 in the bench process, wall clock on the shared machine) |',
      '|---|--:|--:|--:|--:|',
      ...run.anatomy.map((a) => `| ${a.page} | ${num(a.htmlBytes)} | ${num(a.inlineScriptBytes)} | ${num(a.brotliBytes)} | ${num(a.brotliMs, 1)} |`),
    );
  }
  lines.push(
    '',
    `**p95 of server-side rendering ÷ p95 of the GraphQL calls the page makes: ${run.ratios.map((r) => `${num(r.p95VsGraphql, 1)}× for ${names[r.page] ?? r.page}`).join(', ')}** ` +
      `(throughput: ${run.ratios.map((r) => `${num(r.throughputVsGraphql, 2)}`).join(', ')} of the GraphQL calls').`,
  );
  return lines;
}

export default function render(results) {
  const lines = ['## 4. Pages: SSR throughput and latency, weight and EcoIndex of every public page', ''];
  lines.push(
    'Run: `flock /tmp/pit-build.lock node tools/build.mjs` (api, worker and web), then `node bench/pages.mjs [--needs 300] [--connections 16] [--seconds 5] [--rounds 3] [--large-db pit_bench_10k] [--keep]`. ' +
      'It makes and drops its own database (`pit_h3_pages`), starts api, worker and web on free ports (the web from a private copy of its build), and needs Debian\'s Chromium (`CHROMIUM_PATH`, default `/usr/bin/chromium`).',
    '',
  );
  if (!results) return [...lines, '_Not run yet._', ''].join('\n');
  const o = results.options;
  lines.push(
    `\`node bench/pages.mjs\` — run ${results.startedAt?.slice(0, 16).replace('T', ' ')} UTC on ${results.machine?.cpus ?? '?'} CPUs (${results.machine?.cpuModel ?? ''}), Node ${results.machine?.node ?? '?'}` +
      (results.loadAverage ? `; machine load average during the run ${num(results.loadAverage.mean, 1)} (max ${num(results.loadAverage.max, 1)}) on ${results.loadAverage.cpus} CPUs, other work included.` : '.'),
    '',
    'Production build: `apps/web/server.js` (adapter-node behind brotli/gzip) → api → PostgreSQL, requests sent with `accept-encoding: br, gzip` over keep-alive, closed loop. ' +
      'Beside each page, the GraphQL calls that page makes (recorded through a proxy, replayed straight to the api with the web server\'s headers) and a static file of the same web server: ' +
      'the ratios read "server-side rendering of this page costs N× its GraphQL calls".',
    '',
  );
  for (const run of results.ssr ?? []) lines.push(...ssrSection(run, o), '');
  if (!(results.ssr ?? []).some((run) => run.database !== 'scratch')) {
    lines.push('_The generated database (pit_bench_10k) was not present during this run: SSR on seed-like data only._', '');
  }

  if (results.pages?.length) {
    const pages = results.pages;
    const within = pages.filter((p) => p.bytes <= BUDGET.bytes && p.requests <= BUDGET.requests && p.domElements <= BUDGET.domElements).length;
    const scores = pages.map((p) => p.ecoIndex.score);
    lines.push(
      `#### Every public page (${pages.length}, one per shape): transferred bytes, requests, DOM elements, EcoIndex`,
      '',
      'Measured in Debian\'s Chromium with an empty cache, JavaScript on (the page-budget test\'s method): bytes over the network compressed, headers included; requests, the favicon included; `document.getElementsByTagName(\'*\').length`. ' +
        'EcoIndex from those three figures (`apps/web/src/lib/ecoindex.ts`). Budgets: ≤ 60 KB, ≤ 5 requests, ≤ 350 elements.',
      '',
      `Within all three budgets: ${within} of ${pages.length} pages. EcoIndex from ${Math.min(...scores)} to ${Math.max(...scores)} (median ${scores.sort((a, b) => a - b)[Math.floor(scores.length / 2)]}).`,
      '',
      '| page | bytes | KB | requests | DOM elements | EcoIndex | grade | budgets |',
      '|---|--:|--:|--:|--:|--:|:-:|:-:|',
    );
    for (const p of results.pages) {
      const ok = p.bytes <= BUDGET.bytes && p.requests <= BUDGET.requests && p.domElements <= BUDGET.domElements;
      lines.push(`| \`${p.path}\` | ${num(p.bytes)} | ${num(p.bytes / 1024, 1)} | ${p.requests} | ${p.domElements} | ${p.ecoIndex.score} | ${p.ecoIndex.grade} | ${mark(ok)} |`);
    }
    lines.push('');
  }
  return lines.join('\n');
}

// Renders bench/results/needs-feed.json (bench/needs-feed.mjs) for bench/README.md.
const num = (v, digits = 0) => (v === null || v === undefined ? '–' : Number(v).toLocaleString('en-GB', { maximumFractionDigits: digits, minimumFractionDigits: digits }));
const verdict = (goal) => (goal.pass ? '**pass**' : '**fail**');

export default function render(results) {
  const lines = ['## 3. Needs feed: the public list at 10k and at 1M needs', ''];
  lines.push(
    'The `needs(first: 20)` query with the fields, filters and `totalCount` the web\'s `/besoins` page sends, through the real api (read as the web server reads it), ' +
      'against a raw-SQL loop that calls the api\'s own `NeedsRepository.list` on a plain `pg` pool of the same size (the same statements, without Nest, GraphQL or HTTP). ' +
      'Each request takes the next variant of a fixed mix, the same sequence for every target; 50 concurrent closed loops; targets taking turns over several rounds; medians.',
    '',
  );
  if (!results) return [...lines, '_Not yet run: `node bench/needs-feed.mjs`._', ''].join('\n');
  const s = results.settings;
  const db = results.databases;
  lines.push(
    `\`results/needs-feed.json\`, run ${results.startedAt.slice(0, 16).replace('T', ' ')} UTC: \`${db['10k'].db}\` (${num(db['10k'].needs)} needs) and \`${db['1m'].db}\` (${num(db['1m'].needs)} needs); ` +
      `${s.concurrency} concurrent, ${s.rounds} rounds of ${s.seconds} s per target, pool ${s.pool}. Mix: ${s.variants.join(', ')}.`,
    '',
    '| goal | measured | result |',
    '|---|--:|:-:|',
    `| p50(1M) ÷ p50(10k) ≤ 1.5 (GraphQL) | ${num(results.goals.p50LargeOverSmall.value, 2)} | ${verdict(results.goals.p50LargeOverSmall)} |`,
    `| GraphQL ≥ 0.6× the raw-SQL loop (throughput; worst of 10k and 1M) | ${num(results.goals.graphqlOverSql.value, 2)} (10k ${num(results.ratios.graphqlOverSql['10k'], 2)}, 1M ${num(results.ratios.graphqlOverSql['1m'], 2)}) | ${verdict(results.goals.graphqlOverSql)} |`,
    '',
    '| size | target | requests/s | p50 ms | p95 ms | p99 ms |',
    '|---|---|--:|--:|--:|--:|',
  );
  for (const [key, row] of Object.entries(results.summary)) {
    const [size, kind] = key.split('.');
    lines.push(`| ${size} | ${kind === 'sql' ? 'raw SQL (pg)' : 'GraphQL'} | ${num(row.perSecond, 1)} | ${num(row.p50, 1)} | ${num(row.p95, 1)} | ${num(row.p99, 1)} |`);
  }
  if (results.perVariantMs) {
    lines.push('', 'One request alone, per variant of the mix (raw SQL, median of 5, ms; the machine otherwise as it was):', '', '| variant | 10k | 1M |', '|---|--:|--:|');
    for (const [name, row] of Object.entries(results.perVariantMs)) lines.push(`| ${name} | ${num(row['10k'], 1)} | ${num(row['1m'], 1)} |`);
  }
  lines.push(
    '',
    '**What the 1M run revealed, and what changed** (`libs/server/needs/src/needs.repository.ts`):',
    '',
    '- *Most supported* sorted every matching need by the sum of its tally shards: a correlated sum per need, over every need. It now reads the shards from the largest down ' +
      '(index `need_support_tally_rank_idx`, migration `1795901550000-SupportTallyRank`) and sums the shards of each need it meets, stopping once no need not met yet can rank in the page ' +
      '(all its shards are at most the last value read, so its count is at most 16 × that value). Exact: the same pages as the full sort, checked on every filter of the mix, four pages deep, at 10k and at 1M. ' +
      'It falls back to the full sort when a filter keeps too few of the most supported needs (after 20,000 shards read) or past the needs that have supports.',
    '- `totalCount` counted every matching need on every request (a scan of the filtered needs at 1M). It is now exact up to 1,000 (a count that reads at most 1,001 rows); ' +
      'above that, the full count of the same filter is shared by the requests of one minute per api process and recounted in the background, the previous figure served meanwhile. ' +
      'The list shows "N besoins": a total above 1,000 may lag new needs by a minute, a smaller one never does; the page of needs itself is always current. ' +
      'The planner\'s row estimate was not used (it is not a count), and a capped figure ("plus de 1 000") was not needed once the large totals are shared.',
    '- The pages themselves were already keyset-paginated on indexes (`need_public_feed_idx`; commune, category and status indexes). The table of single requests above shows the variants that still grow with the table: ' +
      '"awaiting answer" (the newest needs are probed one by one for an engagement) and the words search (below).',
    '',
    '**Second pass, on the api\'s CPU per request** (CPU profiles of the api under this load, `node --cpu-prof`, samples after start-up): no request-scoped provider, no field-resolver enhancer, ' +
      'one global guard and the `ValidationPipe` cost little; Apollo\'s default cache-control plugin wrapped every resolved field (about 200 for a page of 20 needs) to collect cache hints the api never gives, ' +
      'the complexity plugin walked the whole document against the schema on every request (3.9% of the api\'s samples) and the input guard walked it again with `TypeInfo` (1.4%). ' +
      'Changed (`apps/api/src/graphql-no-store.ts`, `graphql-limits.ts`, `graphql-input-guard.ts`): the cache-control plugin is disabled and `cache-control: no-store` is set once per answer (the same header as before); ' +
      'the complexity estimate is kept per parsed document and the values of the variables it depends on (`first`, directives), and computed again with all the variables before any refusal; ' +
      'the input guard lists a document\'s arguments once and checks each request\'s values against that list. Limits, refusals and error shapes are unchanged (their integration tests pass).',
    '',
    'What the changes did, measured alone (an A/B run, not in the results file: the api before and after these three files, side by side on `pit_bench_10k`, this mix, 50 concurrent, 6 alternating rounds of 6 s): ' +
      'the api\'s CPU time per request fell from 2.70 ms to 2.47 ms (medians; lower in each of the 6 pairs of rounds), while throughput did not change (before vs after: 136.5 vs 137.7 requests/s in a first A/B run, 143.0 vs 139.4 in the second, which also measured the CPU time). ' +
      'So the ratio in this results file is **not** explained by these changes: it follows how busy the machine is. The run shown here had a load average between 4 and 7 on 2 CPUs; ' +
      'a run with the same settings and code 6 minutes earlier (load average 12 to 18, changing within the run) measured 0.43 at 10k and 0.77 at 1M, and the run before the changes (load average about 19) 0.40 and 0.38. ' +
      'The goal is met on a quiet machine and missed on a busy one; the remaining cost per request is HTTP on both sides, Apollo\'s pipeline, GraphQL execution, mapping each need to its GraphQL type and TypeORM\'s query runner. ' +
      'Still to try: a lighter mapping of list items (the mapper awaits the territory snapshot several times per need), and loading a need\'s history, routings and photos only when a query asks for them.',
    '',
    'Also left: the words search (`q`) costs more at 1M than at 10k. PostgreSQL either walks the newest needs testing each one\'s French text (fast for common words, slow when the newest needs do not match) ' +
      'or collects every match from the full-text index then sorts (in proportion to the matches); the plan follows its statistics. A stored `tsvector` column would make the first way cheap per row.',
    '',
  );
  return lines.join('\n');
}

// Renders bench/results/generate-<size>.json (bench/generate.mjs) as the "Data generator" section of bench/README.md.
const num = (v, digits = 0) => (v === null || v === undefined ? '–' : Number(v).toLocaleString('en-GB', { maximumFractionDigits: digits, minimumFractionDigits: digits }));
const when = (r) => `${r.date.slice(0, 16).replace('T', ' ')} UTC`;

export default function render(_results, all) {
  const lines = ['## 1. Data generator: 1M needs, 10M supports, 100k comments', ''];
  const runs = Object.entries(all)
    .filter(([name]) => name.startsWith('generate-'))
    .map(([name, r]) => ({ name, ...r }))
    .sort((a, b) => a.requested.needs - b.requested.needs);
  lines.push(
    'Goal: 1M needs, 10M supports and 100k comments across the 65 communes, loaded with COPY, with a progress bar, reproducible from a seed. ' +
      'The generated rows are domain data: pseudonymous persons; needs routed by the seeded routing rules (rule, level, authority and its sentence, ' +
      '`need_routing`, first-answer clock) and moved along the status workflow with their history; supports by distinct persons, never the author, ' +
      'with `need_support_tally` shards that sum exactly to the support rows (checked after the load) and a `need_engagement` where the count reached the threshold; comment threads. ' +
      'Foreign keys and secondary indexes are dropped for the load and created again afterwards (the foreign keys are validated then), then VACUUM ANALYZE.',
    '',
  );
  if (!runs.length) return [...lines, '_Not yet run: `node bench/generate.mjs --needs 1m --supports 10m --comments 100k --seed 42`._', ''].join('\n');
  const has1m = runs.some((r) => r.requested.needs >= 1_000_000 && r.requested.supports >= 10_000_000 && r.requested.comments >= 100_000);
  lines.push(`Goal met (a run at the stated sizes): ${has1m ? '**pass**' : '**not yet run at 1M**'}.`, '');
  lines.push('| results file | run | seed | needs | supports | comments | persons | all rows | COPY phase | rows/s (COPY) | total (migrate, load, indexes, vacuum) | rows/s overall | database size | tally mismatches |');
  lines.push('|---|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|');
  for (const r of runs) {
    lines.push(
      `| \`results/${r.name}.json\` | ${when(r)} | ${r.seed} | ${num(r.rows.need)} | ${num(r.rows.need_support)} | ${num(r.rows.comment)} | ${num(r.rows.person)} | ${num(r.totalRows)} | ${num(r.loadSeconds, 1)} s | ${num(r.loadRowsPerSecond)} | ${num(r.totalSeconds, 1)} s | ${num(r.rowsPerSecond)} | ${num(r.databaseBytes / 2 ** 20)} MB | ${r.tallyMismatches} |`,
    );
  }
  lines.push('', 'Rows per table and time per phase:', '');
  const tables = Object.keys(runs.at(-1).rows);
  lines.push(`| | ${runs.map((r) => r.name).join(' | ')} |`, `|---|${runs.map(() => '--:').join('|')}|`);
  for (const table of tables) lines.push(`| \`${table}\` | ${runs.map((r) => num(r.rows[table])).join(' | ')} |`);
  for (const phase of Object.keys(runs.at(-1).phases)) lines.push(`| ${phase} | ${runs.map((r) => (r.phases[phase] ? `${num(r.phases[phase].seconds, 1)} s` : '–')).join(' | ')} |`);
  lines.push('', `Machine: ${runs.at(-1).machine.cpus} CPUs (${runs.at(-1).machine.cpuModel}), ${runs.at(-1).machine.memoryGb} GB, Node ${runs.at(-1).machine.node}; shared with other work while running.`, '');
  return lines.join('\n');
}

// Renders bench/results/support-tally.json (bench/support-tally.mjs) for bench/README.md.
export default function render(results) {
  const lines = ['## 6. Support tally: one counter row vs 16 shards', ''];
  lines.push('Why `need_support_tally` is sharded (ARCHITECTURE.md, "Counters that stay exact"): each support inserts its row and adds +1 to the counter in one transaction; with one row per need every supporter waits for the previous commit.', '');
  if (!results) return [...lines, '_Not yet run: `DATABASE_URL=postgres://postgres@127.0.0.1:5432/<scratch db> node bench/support-tally.mjs`._', ''].join('\n');
  lines.push(
    `\`results/support-tally.json\`, run ${results.date.slice(0, 16).replace('T', ' ')} UTC: ${results.supports} supports on one need over ${results.concurrency} connections.`,
    '',
    '| design | seconds | supports/s |',
    '|---|--:|--:|',
    `| one counter row | ${results.single.seconds.toFixed(2)} | ${Math.round(results.supports / results.single.seconds)} |`,
    `| ${results.shards} shards | ${results.sharded.seconds.toFixed(2)} | ${Math.round(results.supports / results.sharded.seconds)} |`,
    '',
    `Shards: ${(results.single.seconds / results.sharded.seconds).toFixed(2)}× the throughput of one row.`,
    '',
  );
  return lines.join('\n');
}

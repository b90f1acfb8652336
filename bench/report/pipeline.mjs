// Renders bench/results/pipeline.json (bench/pipeline.mjs) as the "Pipeline" section of bench/README.md.
// `results`: the parsed file, or null when the benchmark has not been run.

const num = (v, digits = 0) => (v === null || v === undefined ? '–' : Number(v).toLocaleString('en-GB', { maximumFractionDigits: digits, minimumFractionDigits: digits }));

function row(label, s) {
  return `| ${label} | ${num(s.p50, 1)} | ${num(s.p95, 1)} | ${num(s.p99, 1)} | ${num(s.max, 1)} | ${num(s.n)} |`;
}

export default function render(results) {
  const lines = ['## 5. Pipeline: submission to *transmis* at 50 submissions per second', ''];
  if (!results) return [...lines, '_Not run yet: `node bench/pipeline.mjs`._', ''].join('\n');
  const o = results.options;
  const p1 = results.phase1;
  lines.push(
    `\`node bench/pipeline.mjs\` — run ${results.startedAt?.slice(0, 16).replace('T', ' ')} UTC on ${results.machine?.cpus ?? '?'} CPUs (${results.machine?.cpuModel ?? ''}), Node ${results.machine?.node ?? '?'}.`,
    '',
    `The real api and worker (concurrency ${o.workerConcurrency}, outbox poll ${o.outboxPollMs} ms besides LISTEN/NOTIFY), Redis (private queue prefix) and PostgreSQL (a scratch database). ` +
      `${num(o.residents)} residents with a session submit through the GraphQL \`submitNeed\` mutation, open loop: submission i leaves at i ÷ ${o.rate} s whatever the earlier answers.`,
    '',
    `**p95 from the acknowledgement of a submission to its status *transmis*: ${num(p1.ackToTransmisMs.p95, 1)} ms** (p50 ${num(p1.ackToTransmisMs.p50, 1)}, p99 ${num(p1.ackToTransmisMs.p99, 1)}, max ${num(p1.ackToTransmisMs.max, 1)} ms), ` +
      `${num(p1.transmis)} of ${num(p1.acknowledged)} needs transmis.`,
    '',
    `Schedule: ${num(p1.scheduled)} submissions offered at ${p1.offeredRate}/s for ${p1.seconds} s; ${num(p1.acknowledged)} acknowledged, ${p1.errors} errors; achieved ${num(p1.achievedRate, 1)}/s; ` +
      `lateness of the sends behind their schedule p50 ${num(p1.latenessMs.p50, 1)} ms, p95 ${num(p1.latenessMs.p95, 1)} ms, max ${num(p1.latenessMs.max, 1)} ms. ` +
      `Every need was routed ${num(p1.settleSecondsAfterLastAck, 1)} s after the last acknowledgement.`,
    '',
    '| step (ms) | p50 | p95 | p99 | max | n |',
    '|---|--:|--:|--:|--:|--:|',
    row('submit → acknowledgement (GraphQL answer)', p1.submitMs),
    row('**acknowledgement → *transmis*** (status-history row)', p1.ackToTransmisMs),
    row('acknowledgement → route-need job finished (after its commit)', p1.ackToJobFinishedMs),
    row('outbox row → published to BullMQ by the relay', p1.stagesMs.outboxRelay),
    row('published → job taken by the worker', p1.stagesMs.publishedToJobStart),
    row('job added → taken (BullMQ wait)', p1.stagesMs.jobQueueWait),
    row('job taken → finished (routing transaction)', p1.stagesMs.jobRun),
    '',
    'Database timestamps are transaction starts (`now()`), BullMQ\'s are the worker\'s clock, the acknowledgement is the client\'s: one machine, one clock.',
    '',
  );
  const p2 = results.phase2;
  if (p2) {
    lines.push(
      '**Side by side, capacity:** the same number of submissions with the worker stopped, as fast as 16 clients go, then the worker started.',
      '',
      '| | figure |',
      '|---|--:|',
      `| submissions accepted per second (api, 16 clients) | ${num(p2.submitRate, 1)} |`,
      `| submit p50 / p95 at that load (ms) | ${num(p2.submitMs.p50, 1)} / ${num(p2.submitMs.p95, 1)} |`,
      `| backlog of ${num(p2.submitted)} drained in (s, from the worker's start) | ${num(p2.drainSeconds, 1)} |`,
      `| needs routed per second while draining (relay + worker) | ${num(p2.drainRate, 1)} |`,
      `| offered rate of phase 1 ÷ drain rate | ${p2.drainRate ? num(p1.offeredRate / p2.drainRate, 2) : '–'} |`,
      '',
    );
  }
  return lines.join('\n');
}

// Renders bench/results/pipeline.json (bench/pipeline.mjs) as the "Pipeline" section of bench/README.md.
// `results`: the parsed file, or null when the benchmark has not been run.

const num = (v, digits = 0) => (v === null || v === undefined ? '–' : Number(v).toLocaleString('en-GB', { maximumFractionDigits: digits, minimumFractionDigits: digits }));

function row(label, s) {
  return `| ${label} | ${num(s.p50, 1)} | ${num(s.p95, 1)} | ${num(s.p99, 1)} | ${num(s.max, 1)} | ${num(s.n)} |`;
}

export default function render(results) {
  const lines = ['## 5. Pipeline: submission to *transmis* at 50 submissions per second', ''];
  lines.push(
    'Run: `flock /tmp/pit-build.lock node tools/build.mjs --only server`, then `node bench/pipeline.mjs [--rate 50] [--seconds 60] [--residents 300] [--drain-needs 1000] [--drain-concurrency 4,8,16] [--keep]`. ' +
      'It makes and drops its own database (`pit_h3_pipeline`) and its Redis keys (prefix `h3-pipeline-<pid>`).',
    '',
  );
  if (!results) return [...lines, '_Not run yet._', ''].join('\n');
  const o = results.options;
  const p1 = results.phase1;
  lines.push(
    `\`node bench/pipeline.mjs\` — run ${results.startedAt?.slice(0, 16).replace('T', ' ')} UTC on ${results.machine?.cpus ?? '?'} CPUs (${results.machine?.cpuModel ?? ''}), Node ${results.machine?.node ?? '?'}` +
      (results.loadAverage ? `; machine load average during the run ${num(results.loadAverage.mean, 1)} (max ${num(results.loadAverage.max, 1)}) on ${results.loadAverage.cpus} CPUs, other work included.` : '.'),
    '',
    `The real api and worker (concurrency ${o.workerConcurrency}, outbox poll ${o.outboxPollMs} ms besides LISTEN/NOTIFY), Redis (private queue prefix) and PostgreSQL (a scratch database). ` +
      `${num(o.residents)} residents with a session submit through the GraphQL \`submitNeed\` mutation, open loop: submission i leaves at i ÷ ${o.rate} s whatever the earlier answers.`,
    '',
    `**p95 from the acknowledgement of a submission until its status *transmis* is committed: ${num(p1.ackToTransmisMs.p95, 1)} ms** (p50 ${num(p1.ackToTransmisMs.p50, 1)}, p99 ${num(p1.ackToTransmisMs.p99, 1)}, max ${num(p1.ackToTransmisMs.max, 1)} ms), ` +
      `${num(p1.transmis)} of ${num(p1.acknowledged)} needs routed (*transmis*, or *hors compétence locale* where the matrix names an outside body: ${num(p1.outOfScopeOrOther)}).`,
    '',
    `Schedule: ${num(p1.scheduled)} submissions offered at ${p1.offeredRate}/s for ${p1.seconds} s; ${num(p1.acknowledged)} acknowledged, ${p1.errors} errors; achieved ${num(p1.achievedRate, 1)}/s; ` +
      `lateness of the sends behind their schedule p50 ${num(p1.latenessMs.p50, 1)} ms, p95 ${num(p1.latenessMs.p95, 1)} ms, max ${num(p1.latenessMs.max, 1)} ms. ` +
      (p1.errors ? `Errors: ${p1.firstErrors.map((e) => e.message.replace(/http:\/\/127\.0\.0\.1:\d+/, 'the api ')).filter((m, i, all) => all.indexOf(m) === i).join('; ')} (the bench gives up on an answer after 30 s of silence). ` : '') +
      `Every need was routed ${num(p1.settleSecondsAfterLastAck, 1)} s after the last acknowledgement; every follow-up job (staff alerts, notifications: they yield to route-need) had run ${num(p1.followUpsDoneSecondsAfterLastAck, 1)} s after it.`,
    '',
    '| step (ms) | p50 | p95 | p99 | max | n |',
    '|---|--:|--:|--:|--:|--:|',
    row('submit → acknowledgement (GraphQL answer)', p1.submitMs),
    row('**acknowledgement → *transmis* committed** (route-need job finished)', p1.ackToTransmisMs),
    row('acknowledgement → the status-history row\'s timestamp (its transaction\'s start)', p1.ackToStatusRowMs),
    row('submit sent → *transmis* committed (the resident\'s click to routed)', p1.submitToTransmisMs),
    row('outbox row → published to BullMQ by the relay', p1.stagesMs.outboxRelay),
    row('published → job taken by the worker', p1.stagesMs.publishedToJobStart),
    row('job added → taken (BullMQ wait)', p1.stagesMs.jobQueueWait),
    row('job taken → finished (routing transaction)', p1.stagesMs.jobRun),
    '',
    'Database timestamps are transaction starts (`now()`), BullMQ\'s are the worker\'s clock, the acknowledgement is the client\'s: one machine, one clock.',
    '',
  );
  const p2 = results.phase2;
  if (p2?.drains?.length) {
    lines.push(
      `**Side by side, capacity:** backlogs of ${num(p2.needsPerDrain)} needs submitted with the worker stopped (16 clients, as fast as answered), then drained by a worker of each concurrency in turn, ` +
        'timed from the relay\'s first publication to the last route-need job finished.',
      '',
      '| worker concurrency | submissions accepted per second | submit p50 / p95 (ms) | drained in (s) | needs routed per second | offered rate (phase 1) ÷ that |',
      '|--:|--:|--:|--:|--:|--:|',
    );
    for (const d of p2.drains) {
      lines.push(
        `| ${d.workerConcurrency} | ${num(d.submitRate, 1)} | ${num(d.submitMs.p50, 1)} / ${num(d.submitMs.p95, 1)} | ${num(d.drainSeconds, 1)} | ${num(d.drainRate, 1)} | ${d.drainRate ? num(p1.offeredRate / d.drainRate, 2) : '–'} |`,
      );
    }
    lines.push('');
  }
  // A reading of this run, from its own figures.
  const same = p2?.drains?.find((d) => d.workerConcurrency === o.workerConcurrency);
  const best = p2?.drains?.length ? p2.drains.reduce((a, b) => ((b.drainRate ?? 0) > (a.drainRate ?? 0) ? b : a)) : null;
  const reading = [];
  if (p1.submitMs.p50 > 1000) reading.push(`the api itself fell behind the schedule (acknowledgement p50 ${num(p1.submitMs.p50 / 1000, 1)} s, while the sends kept to it)`);
  if (same?.drainRate && same.drainRate < p1.offeredRate) reading.push(`a worker at concurrency ${o.workerConcurrency} routes ${num(same.drainRate, 1)} needs/s here, less than the ${p1.offeredRate}/s offered, so route-need jobs queued (BullMQ wait p95 ${num(p1.stagesMs.jobQueueWait.p95 / 1000, 1)} s)`);
  if (best && same && best !== same && best.drainRate) reading.push(`at concurrency ${best.workerConcurrency} the same worker drained ${num(best.drainRate, 1)}/s in the same run`);
  if (reading.length) lines.push(`Reading: ${reading.join('; ')}.`, '');
  if (results.jobs) {
    lines.push('Run time of the jobs the worker ran during the bench (both phases; BullMQ keeps the last 10,000 completed), by name: ' + Object.entries(results.jobs).map(([name, j]) => `\`${name}\` ${num(j.count)} (run p50 ${num(j.runMs.p50)} ms, p95 ${num(j.runMs.p95)} ms)`).join('; ') + '.', '');
  }
  return lines.join('\n');
}

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { INestApplicationContext } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { FOLLOW_UP_PRIORITY, JobRunner, OutboxRelay, QueueBackend, jobIdForOutbox } from '@pit/core';
import { createActor, DESCRIPTION, startWorker, waitFor } from '../../../../../tools/test/harness.js';
import { NeedsService } from '../needs.service.js';
import { RouteNeedJob } from './route-need.job.js';

// In a burst of submissions, routing a new need must not wait behind the notifications of the needs
// routed just before it (bench/pipeline.mjs: at 50 submissions/s the queue held 3 jobs per need).
describe('follow-up jobs yield to route-need', () => {
  let app: INestApplicationContext;
  let dataSource: DataSource;

  beforeAll(async () => {
    app = await startWorker({ consume: false, relay: false });
    dataSource = app.get(DataSource);
  });
  afterAll(async () => {
    await app?.close();
  });

  it('publishes notifications with a priority, and the worker routes a need queued after them first', async () => {
    const needs = app.get(NeedsService);
    const author = await createActor(dataSource, 'Priorité');
    const first = await needs.submit({ title: 'Lampadaire éteint rue Haute', description: DESCRIPTION, categoryKey: 'street_lighting', communeCode: '49007' }, author);
    // Routing the first need writes its follow-ups (staff alert, status notification) to the outbox...
    await app.get(RouteNeedJob).handle({ needId: first.id }, { jobId: 'outbox-priority-test', attempt: 1 });
    // ...before the second need is submitted: the relay publishes them first.
    const second = await needs.submit({ title: 'Trottoir défoncé rue Basse', description: DESCRIPTION, categoryKey: 'street_lighting', communeCode: '49007' }, author);
    await app.get(OutboxRelay).drain();

    const queue = app.get(QueueBackend).jobsQueue();
    const rows: Array<{ name: string; job_key: string }> = await dataSource.query(
      `SELECT name, job_key FROM outbox_message WHERE payload->>'needId' = $1 AND name <> 'route-need' ORDER BY id`,
      [first.id],
    );
    expect(rows.map((r) => r.name)).toEqual(expect.arrayContaining(['alert-staff-new-need', 'notify-need-change']));
    const followUps = await Promise.all(rows.map((r) => queue.getJob(jobIdForOutbox(r.job_key))));
     for (const job of followUps) expect(job?.opts.priority).toBe(FOLLOW_UP_PRIORITY);
    const [route] = await dataSource.query(`SELECT job_key FROM outbox_message WHERE dedup_key = $1`, [`route-need:${second.id}`]);
    const routeJobId = jobIdForOutbox(route.job_key);
    expect((await queue.getJob(routeJobId))?.opts.priority ?? 0).toBe(0);

    // One job at a time: the second need's routing runs before the first need's notifications.
    app.get(JobRunner).start(1);
    const processedOn = async (id: string) => (await queue.getJob(id))?.finishedOn ? (await queue.getJob(id))!.processedOn! : undefined;
    const routed = await waitFor(() => processedOn(routeJobId), { what: 'the second need routed' });
    for (const job of followUps) {
      const sent = await waitFor(() => processedOn(job!.id!), { what: `${job!.name} run` });
      expect(sent).toBeGreaterThanOrEqual(routed);
    }
  });
});

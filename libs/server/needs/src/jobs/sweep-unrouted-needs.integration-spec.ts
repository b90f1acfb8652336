import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { INestApplicationContext } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { JobRunner, OutboxRelay, QueueBackend, jobIdForOutbox } from '@pit/core';
import { createActor, startWorker } from '../../../../../tools/test/harness.js';
import { NeedsService } from '../needs.service.js';
import { RouteNeedJob } from './route-need.job.js';
import { SweepUnroutedNeedsJob } from './sweep-unrouted-needs.job.js';

const DESCRIPTION = 'Une description suffisamment longue pour être acceptée.';

describe('sweep-unrouted-needs (reconciliation after a queue store lost its data)', () => {
  let app: INestApplicationContext;
  let dataSource: DataSource;
  let needs: NeedsService;
  let author: Awaited<ReturnType<typeof createActor>>;

  beforeAll(async () => {
    // No consumer, no background relay: the test drives both by hand.
    app = await startWorker({ consume: false, relay: false });
    dataSource = app.get(DataSource);
    needs = app.get(NeedsService);
    author = await createActor(dataSource, 'Auteur balayage');
  });
  afterAll(async () => {
    await app?.close();
  });

  const submit = (title: string) => needs.submit({ title, description: DESCRIPTION, categoryKey: 'street_lighting', communeCode: '49347' }, author);
  const outboxOf = async (needId: string) =>
    (await dataSource.query(`SELECT id, job_key AS "jobKey", published_at AS "publishedAt" FROM outbox_message WHERE dedup_key = $1`, [`route-need:${needId}`]))[0] as
      | { id: string; jobKey: string; publishedAt: Date | null }
      | undefined;
  const routings = async (needId: string) =>
    (await dataSource.query(`SELECT count(*)::int AS count FROM need_routing WHERE need_id = $1`, [needId]))[0].count as number;
  /** What a Redis restarted without its data leaves: the outbox row published, its job gone. */
  const loseJob = async (needId: string) => {
    const row = (await outboxOf(needId))!;
    const job = await app.get(QueueBackend).jobsQueue().getJob(jobIdForOutbox(row.jobKey));
    await job?.remove();
    return row;
  };
  const age = (ids: string[], seconds: number) =>
    dataSource.query(`UPDATE need SET created_at = now() - make_interval(secs => $2) WHERE id = ANY($1::uuid[])`, [ids, seconds]);

  it('routes, once, a need left reçu whose job vanished, and leaves a routed need and a recent one alone', async () => {
    const lost = await submit('Lampadaire éteint, job perdu');
    const routed = await submit('Lampadaire éteint, déjà orienté');
    const recent = await submit('Lampadaire éteint, tout récent');
    const relay = app.get(OutboxRelay);
    await relay.drain();
    await app.get(RouteNeedJob).handle({ needId: routed.id }, { jobId: 'outbox-test-routed', attempt: 1 });
    const lostRow = await loseJob(lost.id);
    const routedRow = await loseJob(routed.id);
    const recentRow = await loseJob(recent.id);
    await age([lost.id, routed.id], 3600);

    await app.get(SweepUnroutedNeedsJob).handle();

    // Only the old unrouted need's row is published again; the routed one and the one within the grace period stay as they were.
    expect((await outboxOf(lost.id))!.publishedAt).toBeNull();
    expect((await outboxOf(routed.id))!.publishedAt).toEqual(routedRow.publishedAt);
    expect((await outboxOf(recent.id))!.publishedAt).toEqual(recentRow.publishedAt);

    // The relay adds it under the same stable job id; running it routes the need once.
    await relay.drain();
    const job = await app.get(QueueBackend).jobsQueue().getJob(jobIdForOutbox(lostRow.jobKey));
    expect(job?.name).toBe('route-need');
    expect(job?.data).toEqual({ needId: lost.id });
    await app.get(JobRunner).run(job!);
    expect(await routings(lost.id)).toBe(1);
    expect(await routings(routed.id)).toBe(1);
    const [row] = await dataSource.query(`SELECT status FROM need WHERE id = $1`, [lost.id]);
    expect(row.status).toBe('transmitted');

    // A second sweep finds nothing left to do for them.
    await app.get(SweepUnroutedNeedsJob).handle();
    expect((await outboxOf(lost.id))!.publishedAt).toBeInstanceOf(Date);
    expect((await outboxOf(routed.id))!.publishedAt).toEqual(routedRow.publishedAt);
    await dataSource.query(`DELETE FROM need WHERE id = ANY($1::uuid[])`, [[lost.id, routed.id, recent.id]]);
  });

  it('does not publish again a job that still waits in the queue (the stable job id is kept)', async () => {
    const waiting = await submit('Lampadaire éteint, job en attente');
    await app.get(OutboxRelay).drain();
    const before = (await outboxOf(waiting.id))!;
    await age([waiting.id], 3600);
    await app.get(SweepUnroutedNeedsJob).handle();
    expect((await outboxOf(waiting.id))!.publishedAt).toEqual(before.publishedAt);
    const jobs = await app.get(QueueBackend).jobsQueue().getJobs(['waiting', 'prioritized', 'delayed', 'active'], 0, 10_000);
    expect(jobs.filter((job) => job?.id === jobIdForOutbox(before.jobKey))).toHaveLength(1);
    await dataSource.query(`DELETE FROM need WHERE id = $1`, [waiting.id]);
  });

  it('writes the route-need job of an old unrouted need that has none', async () => {
    const orphan = await submit('Lampadaire éteint, sans job');
    await dataSource.query(`DELETE FROM outbox_message WHERE dedup_key = $1`, [`route-need:${orphan.id}`]);
    await age([orphan.id], 3600);
    await app.get(SweepUnroutedNeedsJob).handle();
    const row = await outboxOf(orphan.id);
    expect(row).toBeDefined();
    expect(row!.publishedAt).toBeNull();
    await dataSource.query(`DELETE FROM need WHERE id = $1`, [orphan.id]);
  });
});

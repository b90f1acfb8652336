import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { INestApplicationContext } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { JobRunner, OutboxRelay, QueueBackend, jobIdForOutbox } from '@pit/core';
import { createActor, startWorker, waitFor } from '../../../../../tools/test/harness.js';
import { NeedsService } from '../needs.service.js';
import { RouteNeedJob } from './route-need.job.js';

const DESCRIPTION = 'Une description suffisamment longue pour être acceptée.';

describe('route-need job and the outbox relay', () => {
  let app: INestApplicationContext;
  let dataSource: DataSource;
  let needs: NeedsService;
  let author: Awaited<ReturnType<typeof createActor>>;

  beforeAll(async () => {
    // No consumer, no background relay: the test drives both by hand.
    app = await startWorker({ consume: false, relay: false });
    dataSource = app.get(DataSource);
    needs = app.get(NeedsService);
    author = await createActor(dataSource, 'Auteur');
  });
  afterAll(async () => {
    await app?.close();
  });

  const routingRows = async (needId: string) =>
    dataSource.query(`SELECT count(*)::int AS count FROM need_routing WHERE need_id = $1`, [needId]).then((rows) => rows[0].count as number);
  const historyOf = async (needId: string) =>
    dataSource.query(`SELECT status FROM need_status_change WHERE need_id = $1 ORDER BY created_at, id`, [needId]).then((rows) => rows.map((r: { status: string }) => r.status));

  it('changes nothing when the same job runs twice concurrently', async () => {
    const need = await needs.submit({ title: 'Éclairage rue des Lilas', description: DESCRIPTION, categoryKey: 'street_lighting', communeCode: '49347' }, author);
    const job = app.get(RouteNeedJob);
    await Promise.all([
      job.handle({ needId: need.id }, { jobId: 'outbox-test-a', attempt: 1 }),
      job.handle({ needId: need.id }, { jobId: 'outbox-test-b', attempt: 1 }),
      job.handle({ needId: need.id }, { jobId: 'outbox-test-c', attempt: 1 }),
    ]);
    expect(await routingRows(need.id)).toBe(1);
    expect(await historyOf(need.id)).toEqual(['received', 'transmitted']);
    // A late retry after success is a no-op too.
    await job.handle({ needId: need.id }, { jobId: 'outbox-test-d', attempt: 2 });
    expect(await routingRows(need.id)).toBe(1);
    const [row] = await dataSource.query(`SELECT n.status, a.name FROM need n JOIN authority a ON a.id = n.authority_id WHERE n.id = $1`, [need.id]);
    expect(row).toEqual({ status: 'transmitted', name: 'Tiercé' });
  });

  it('ignores a job whose need is gone', async () => {
    await expect(app.get(RouteNeedJob).handle({ needId: '00000000-0000-4000-8000-000000000000' }, { jobId: 'x', attempt: 1 })).resolves.toBeUndefined();
  });

  it('publishes each outbox row once as job outbox-<job key>, and a re-publication adds no second job', async () => {
    const need = await needs.submit({ title: 'Piste cyclable vers la gare', description: DESCRIPTION, categoryKey: 'public_transport_cycling', communeCode: '49007' }, author);
    const [outbox] = await dataSource.query(`SELECT id, job_key FROM outbox_message WHERE dedup_key = $1`, [`route-need:${need.id}`]);
    const relay = app.get(OutboxRelay);
    expect(await relay.drain()).toBeGreaterThanOrEqual(1);
    const [published] = await dataSource.query(`SELECT published_at FROM outbox_message WHERE id = $1`, [outbox.id]);
    expect(published.published_at).toBeInstanceOf(Date);

    const queue = app.get(QueueBackend).jobsQueue();
    const jobId = jobIdForOutbox(outbox.job_key);
    const job = await queue.getJob(jobId);
    expect(job?.name).toBe('route-need');
    expect(job?.data).toEqual({ needId: need.id });

    // A relay that crashed after adding but before marking re-adds the same job id: BullMQ keeps one.
    await dataSource.query(`UPDATE outbox_message SET published_at = NULL WHERE id = $1`, [outbox.id]);
    await relay.drain();
    const jobs = await queue.getJobs(['waiting', 'prioritized', 'delayed', 'active', 'completed', 'failed'], 0, 10_000);
    expect(jobs.filter((candidate) => candidate?.id === jobId)).toHaveLength(1);

    // Consuming the queue routes the need exactly once.
    const runner = app.get(JobRunner);
    runner.start(2);
    await waitFor(async () => ((await routingRows(need.id)) === 1 ? true : undefined), { what: 'routing by the consumer' });
    const [row] = await dataSource.query(`SELECT status FROM need WHERE id = $1`, [need.id]);
    expect(row.status).toBe('transmitted');
  });

  it('never loses rows when several relays drain at once', async () => {
    const submitted = await Promise.all(
      Array.from({ length: 30 }, (_, i) =>
        needs.submit({ title: `Besoin concurrent ${i}`, description: DESCRIPTION, categoryKey: 'schools', communeCode: '49015' }, author),
      ),
    );
    const relay = app.get(OutboxRelay);
    await Promise.all([relay.drain(), relay.drain(), relay.drain()]);
    const [{ pending }] = await dataSource.query(
      `SELECT count(*)::int AS pending FROM outbox_message WHERE published_at IS NULL AND payload->>'needId' = ANY($1)`,
      [submitted.map((need) => need.id)],
    );
    expect(pending).toBe(0);
    await waitFor(
      async () => {
        const [{ routed }] = await dataSource.query(`SELECT count(*)::int AS routed FROM need WHERE id = ANY($1) AND status = 'transmitted'`, [
          submitted.map((need) => need.id),
        ]);
        return routed === 30 ? true : undefined;
      },
      { what: '30 needs routed' },
    );
    const [{ routings }] = await dataSource.query(`SELECT count(*)::int AS routings FROM need_routing WHERE need_id = ANY($1)`, [submitted.map((need) => need.id)]);
    expect(routings).toBe(30);
  });
});

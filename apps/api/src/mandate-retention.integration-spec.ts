import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { INestApplicationContext } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { DataSource } from 'typeorm';
import { PRIVACY_RETENTION } from '@pit/domain';
import { AssistedIntakeService } from '@pit/needs';
import { RouteNeedJob, SweepMandatesJob } from '@pit/needs/jobs';
import { accountsWithRoles, DESCRIPTION, graphql, startApi, startWorker, type RolePlan } from '../../../tools/test/harness.js';

// Issue 7 item 5 (retention): an assisted-intake identity (the mandate's resident label and contact)
// is erased a set time (PRIVACY_RETENTION.closedNeedMandateDays) after its need closes, even if the
// mandate would run longer; by the hourly sweep-mandates job, journaled, idempotent, time controllable.

const SUBMIT = /* GraphQL */ `
  mutation($i: SubmitAssistedNeedInput!) { submitAssistedNeed(input: $i) { need { id reference } mandate { id } } }`;
const MANDATE = /* GraphQL */ `
  query($r: String!) { needMandate(reference: $r) { residentLabel contactValue active endReason events { kind detail } } }`;

const DAY = 24 * 60 * 60 * 1000;
/** The resident's phone as stored (normalised). */
const KEPT_PHONE = '0698765432';

describe('assisted intake retention: identities erased a set time after the need closes', () => {
  let api: NestFastifyApplication;
  let worker: INestApplicationContext;
  let dataSource: DataSource;
  let tokens = {} as Record<'mediator' | 'admin', string>;

  const submit = async (title: string) => {
    const result = await graphql<{ submitAssistedNeed: { need: { id: string; reference: string } } }>(
      api,
      SUBMIT,
      {
        i: {
          title,
          description: DESCRIPTION,
          categoryKey: 'schools',
          communeCode: '49015',
          channel: 'FRANCE_SERVICES',
          mandate: { residentLabel: 'Mme R.', contactKind: 'PHONE', contactValue: '06 98 76 54 32', duration: 'ONE_YEAR', publicationConsent: true },
        },
      },
      { token: tokens.mediator },
    );
    expect(result.errors).toBeUndefined();
    const { need } = result.data!.submitAssistedNeed;
    await worker.get(RouteNeedJob).handle({ needId: need.id }, { jobId: `retention-${need.id}`, attempt: 1 });
    return need;
  };
  /** The need reaches `status` `daysAgo` days ago (its status history says so). */
  const closeAgo = async (needId: string, status: string, daysAgo: number) => {
    await dataSource.query(`UPDATE need SET status = $2 WHERE id = $1`, [needId, status]);
    await dataSource.query(`INSERT INTO need_status_change (need_id, status, note, created_at) VALUES ($1, $2, NULL, now() - make_interval(days => $3::int))`, [
      needId,
      status,
      daysAgo,
    ]);
  };
  const row = async (needId: string) =>
    (
      await dataSource.query(
        `SELECT resident_label AS label, contact_value AS contact, end_reason AS reason, (revoked_at IS NULL AND expires_at > now()) AS active FROM need_mandate WHERE need_id = $1`,
        [needId],
      )
    )[0];
  const journal = async (reference: string) => {
    const result = await graphql<{ needMandate: { events: Array<{ kind: string; detail: string | null }>; endReason: string | null; active: boolean } }>(
      api,
      MANDATE,
      { r: reference },
      { token: tokens.admin },
    );
    expect(result.errors).toBeUndefined();
    return result.data!.needMandate;
  };
  const sweep = (now: Date, jobId: string) => worker.get(SweepMandatesJob).handle({ now: now.toISOString() }, { jobId, attempt: 1 });

  beforeAll(async () => {
    api = await startApi();
    worker = await startWorker({ consume: false, relay: false });
    dataSource = api.get(DataSource);
    const [{ id: avrilleId }] = await dataSource.query(`SELECT id FROM authority WHERE kind = 'commune' AND code = '49015'`);
    ({ tokens } = await accountsWithRoles(api, 'Rétention', {
      mediator: { role: 'mediator', authorityId: avrilleId } as unknown as RolePlan,
      admin: { role: 'admin' },
    }));
  });
  afterAll(async () => {
    await worker?.close();
    await api?.close();
  });

  it('keeps the retention in PRIVACY_RETENTION (shown on /confidentialite)', () => {
    expect(PRIVACY_RETENTION.closedNeedMandateDays).toBe(90);
  });

  it('erases the identity of a need closed 91 days ago, keeps those closed 89 days ago and of an open need; twice changes nothing more', async () => {
    const old = await submit('Passage piéton effacé devant la mairie');
    const recent = await submit('Banc cassé au jardin public');
    const open = await submit('Éclairage du parking de la gare');
    const refused = await submit('Piste cyclable rue des Lilas');
    await closeAgo(old.id, 'done', 91);
    await closeAgo(recent.id, 'done', 89);
    await closeAgo(refused.id, 'refused', 120);

    const now = new Date();
    await sweep(now, 'mandate-retention-1');
    expect(await row(old.id)).toEqual({ label: null, contact: null, reason: 'need_closed', active: false });
    expect(await row(refused.id)).toEqual({ label: null, contact: null, reason: 'need_closed', active: false });
    expect(await row(recent.id)).toEqual({ label: 'Mme R.', contact: KEPT_PHONE, reason: null, active: true });
    expect(await row(open.id)).toEqual({ label: 'Mme R.', contact: KEPT_PHONE, reason: null, active: true });

    const ended = await journal(old.reference);
    expect(ended.active).toBe(false);
    expect(ended.endReason).toBe('need_closed');
    expect(ended.events.filter((event) => event.kind === 'contact_erased')).toEqual([{ kind: 'contact_erased', detail: 'Besoin clos depuis plus de 90 jours.' }]);

    // Twice: nothing more (no second erasure, no second journal entry).
    await sweep(now, 'mandate-retention-2');
    expect(await api.get(AssistedIntakeService).sweep(now)).toBe(0);
    expect((await journal(old.reference)).events.filter((event) => event.kind === 'contact_erased')).toHaveLength(1);
    expect((await row(recent.id)).label).toBe('Mme R.');

    // Time made controllable: 2 days later the need closed 89 days ago passes 90 days; the open one stays.
    await sweep(new Date(now.getTime() + 2 * DAY), 'mandate-retention-3');
    expect(await row(recent.id)).toEqual({ label: null, contact: null, reason: 'need_closed', active: false });
    expect(await row(open.id)).toEqual({ label: 'Mme R.', contact: KEPT_PHONE, reason: null, active: true });
  });

  it('counts from the last closing: a need reopened and closed again 10 days ago keeps its identity', async () => {
    const reopened = await submit('Toilettes publiques fermées');
    await closeAgo(reopened.id, 'done', 200);
    await closeAgo(reopened.id, 'under_study', 150);
    await closeAgo(reopened.id, 'done', 10);
    await sweep(new Date(), 'mandate-retention-4');
    expect(await row(reopened.id)).toMatchObject({ label: 'Mme R.', active: true });
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { INestApplicationContext } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { DataSource } from 'typeorm';
import { RemindOverdueNeedsJob } from '@pit/participation/jobs';
import { accountsWithRoles, DESCRIPTION, graphql, startApi, startWorker, waitFor } from '../../../tools/test/harness.js';
import { SmtpSink } from '../../../tools/test/smtp-sink.js';

// Issue 5's acceptance journey ("Done when"), through the GraphQL API with the worker running on
// real PostgreSQL and a real SMTP server: an agent of Angers Loire Métropole sees only ALM's needs,
// requalifies a need from "déchets" to "espaces verts" (it moves to the commune, the reason is public),
// answers 20 needs at once with a template (all 20 changed, one audit entry each); an overdue need
// raises a reminder to its assignee; a merge asks the supporters before carrying their support.

const AVRILLE = '49015'; // a commune of Angers Loire Métropole
const WASTE = 'waste_collection'; // an ALM competence: routed to the EPCI
const GREEN_SPACES = 'parks_playgrounds_trees'; // a commune competence

type Result<T> = { data?: T; errors?: Array<{ message: string; extensions?: { code?: string } }> };

describe('back office journey (issue 5)', () => {
  let api: NestFastifyApplication;
  let worker: INestApplicationContext;
  let dataSource: DataSource;
  const mail = new SmtpSink();
  let almId: string;
  let avrilleId: string;
  let avrilleName: string;
  let ids: Record<'agent' | 'colleague' | 'author' | 'kept' | 'carried', string>;
  let tokens: Record<'agent' | 'colleague' | 'author' | 'kept' | 'carried', string>;
  const run = `bo${Date.now().toString(36)}`;

  const call = <T>(query: string, variables: Record<string, unknown>, token?: string) => graphql<T>(api, query, variables, { token }) as Promise<Result<T>>;
  const gql = async <T>(query: string, variables: Record<string, unknown>, token?: string): Promise<T> => {
    const result = await call<T>(query, variables, token);
    if (!result.data || result.errors) throw new Error(`GraphQL failed: ${JSON.stringify(result.errors)}`);
    return result.data;
  };

  /** Submits a need and waits for routing to hand it to its authority (transmis). */
  const routedNeed = async (title: string, categoryKey = WASTE) => {
    const { submitNeed } = await gql<{ submitNeed: { id: string; reference: string } }>(
      `mutation($input: SubmitNeedInput!) { submitNeed(input: $input) { id reference } }`,
      { input: { title, description: DESCRIPTION, categoryKey, communeCode: AVRILLE, kind: 'NEED' } },
      tokens.author,
    );
    await waitFor(async () => ((await dataSource.query(`SELECT status FROM need WHERE id = $1`, [submitNeed.id]))[0].status === 'transmitted' ? true : undefined), {
      what: `routing of ${title}`,
    });
    return submitNeed;
  };

  const inbox = (authorityId: string, token: string) =>
    call<{ authorityInbox: { totalCount: number; edges: Array<{ node: { reference: string; status: string } }> } }>(
      `query($a: ID!, $q: String) { authorityInbox(authorityId: $a, q: $q, first: 50) { totalCount edges { node { reference status } } } }`,
      { a: authorityId, q: run },
      token,
    );

  beforeAll(async () => {
    await mail.start();
    process.env.SMTP_URL = mail.url;
    process.env.DIGEST_SCHEDULE = 'off';
    process.env.ACCOUNTABILITY_SCHEDULE = 'off';
    api = await startApi();
    worker = await startWorker();
    dataSource = api.get(DataSource);
    [{ id: almId }] = await dataSource.query(`SELECT a.id FROM commune c JOIN authority a ON a.id = c.epci_id WHERE c.code = $1`, [AVRILLE]);
    [{ id: avrilleId, name: avrilleName }] = await dataSource.query(`SELECT id, name FROM authority WHERE kind = 'commune' AND code = $1`, [AVRILLE]);
    ({ ids, tokens } = await accountsWithRoles(api, 'Parcours', {
      agent: { role: 'agent', authorityId: almId },
      colleague: { role: 'agent', authorityId: almId },
      author: null,
      kept: null,
      carried: null,
    }));
  });
  afterAll(async () => {
    await worker?.close();
    await api?.close();
    await mail.stop();
    delete process.env.DIGEST_SCHEDULE;
    delete process.env.ACCOUNTABILITY_SCHEDULE;
  });

  it('an ALM agent sees only ALM needs and requalifies one to the commune, the reason shown publicly', async () => {
    const bins = await routedNeed(`Bacs de tri débordants ${run}`);
    const park = await routedNeed(`Un jardin partagé ${run}`, GREEN_SPACES);

    const almInbox = await inbox(almId, tokens.agent);
    expect(almInbox.data!.authorityInbox.edges.map((edge) => edge.node.reference)).toEqual([bins.reference]);
    expect((await inbox(avrilleId, tokens.agent)).errors?.[0].extensions?.code).toBe('FORBIDDEN');

    const reason = 'Les bacs sont dans le square : son entretien relève de la commune.';
    const requalified = await gql<{ requalifyNeed: { routing: { authority: { name: string } } } }>(
      `mutation($r: String!, $i: RequalifyNeedInput!) { requalifyNeed(reference: $r, input: $i) { routing { authority { name } } } }`,
      { r: bins.reference, i: { categoryKey: GREEN_SPACES, reason } },
      tokens.agent,
    );
    expect(requalified.requalifyNeed.routing.authority.name).toBe(avrilleName);
    expect((await inbox(almId, tokens.agent)).data!.authorityInbox.totalCount).toBe(0);

    // The resident, without any staff right, sees the move and its reason on the public need.
    const { need } = await gql<{ need: { routings: Array<{ kind: string; note: string | null; authority: { name: string } }> } }>(
      `query($r: String!) { need(reference: $r) { routings { kind note authority { name } } } }`,
      { r: bins.reference },
    );
    expect(need.routings.map(({ kind, note, authority }) => ({ kind, note, authority: authority.name }))).toEqual([
      { kind: 'initial', note: null, authority: expect.any(String) },
      { kind: 'requalification', note: reason, authority: avrilleName },
    ]);
    expect(park.reference).not.toBe(bins.reference);
  });

  it('answers 20 needs at once with a template: all 20 change, one audit entry each', async () => {
    const needs = [];
    for (let i = 1; i <= 20; i++) needs.push(await routedNeed(`Collecte des encombrants n°${i} ${run}`));
    const { saveAnswerTemplate } = await gql<{ saveAnswerTemplate: { id: string } }>(
      `mutation($i: SaveAnswerTemplateInput!) { saveAnswerTemplate(input: $i) { id } }`,
      { i: { authorityId: almId, title: `Mis à l'étude ${run}`, body: 'Votre demande est à l’étude par le service déchets de la métropole.', status: 'UNDER_STUDY' } },
      tokens.agent,
    );
    const started = new Date();
    const { bulkChangeNeedStatus } = await gql<{ bulkChangeNeedStatus: Array<{ reference: string; status: string }> }>(
      `mutation($i: BulkChangeNeedStatusInput!) { bulkChangeNeedStatus(input: $i) { reference status } }`,
      { i: { references: needs.map((n) => n.reference), status: 'UNDER_STUDY', templateId: saveAnswerTemplate.id } },
      tokens.agent,
    );
    expect(bulkChangeNeedStatus.map((n) => n.status)).toEqual(Array(20).fill('UNDER_STUDY'));

    const rows: Array<{ subject_id: string; n: number }> = await dataSource.query(
      `SELECT subject_id, count(*)::int AS n FROM audit_entry WHERE action = 'need.status' AND actor_id = $1 AND subject_id = ANY($2) AND created_at >= $3 GROUP BY subject_id`,
      [ids.agent, needs.map((n) => n.id), started],
    );
    expect(rows.length).toBe(20);
    expect(rows.every((row) => row.n === 1)).toBe(true);
    const notes: Array<{ note: string }> = await dataSource.query(
      `SELECT note FROM need_status_change WHERE need_id = ANY($1) AND status = 'under_study'`,
      [needs.map((n) => n.id)],
    );
    expect(notes.map((row) => row.note)).toEqual(Array(20).fill('Votre demande est à l’étude par le service déchets de la métropole.'));
  });

  it('an overdue need raises one reminder to its assignee', async () => {
    const late = await routedNeed(`Conteneur à verre manquant ${run}`);
    await gql(`mutation($r: String!, $p: ID) { assignNeed(reference: $r, assigneeId: $p) { __typename } }`, { r: late.reference, p: ids.colleague }, tokens.agent);
    // Its 30 days went by without an answer.
    await dataSource.query(`UPDATE need SET answer_due_at = now() - interval '1 day' WHERE id = $1`, [late.id]);

    await worker.get(RemindOverdueNeedsJob).handle();
    await worker.get(RemindOverdueNeedsJob).handle();
    const jobs: Array<{ person: string }> = await dataSource.query(
      `SELECT payload->>'personId' AS person FROM outbox_message WHERE name = 'send-overdue-reminder' AND payload->>'needId' = $1`,
      [late.id],
    );
    expect(jobs).toEqual([{ person: ids.colleague }]);
    const [{ email }] = await dataSource.query(`SELECT email FROM person WHERE id = $1`, [ids.colleague]);
    const reminder = await waitFor(async () => mail.to(email).find((message) => message.text.includes(late.reference)), { what: 'the overdue reminder' });
    expect(reminder.subject).toMatch(/retard|délai/i);
  });

  it('a merge asks the supporters before carrying their support over', async () => {
    const kept = await routedNeed(`Ramassage des déchets verts ${run}`);
    const merged = await routedNeed(`Collecte des tontes de gazon ${run}`);
    const support = (needId: string, token: string) => gql(`mutation($n: ID!) { supportNeed(needId: $n) { needId } }`, { n: needId }, token);
    await support(merged.id, tokens.carried);
    await support(merged.id, tokens.kept);
    await support(kept.id, tokens.kept);
    const count = async (reference: string) =>
      (await gql<{ need: { supportCount: number } }>(`query($r: String!) { need(reference: $r) { supportCount } }`, { r: reference })).need.supportCount;

    // Carry-over questions go to confirmed addresses only (this account skipped the emailed link).
    await dataSource.query(`UPDATE person SET email_verified_at = now() WHERE id = $1`, [ids.carried]);
    const [{ email }] = await dataSource.query(`SELECT email FROM person WHERE id = $1`, [ids.carried]);

    const { mergeNeed } = await gql<{ mergeNeed: { requestCount: number } }>(
      `mutation($r: String!, $i: MergeNeedInput!) { mergeNeed(reference: $r, input: $i) { requestCount } }`,
      { r: merged.reference, i: { into: kept.reference, reason: 'La même demande de collecte des déchets verts.' } },
      tokens.agent,
    );
    // Only the supporter who does not already support the kept need is asked; nobody's support moved yet.
    expect(mergeNeed.requestCount).toBe(1);
    expect(await count(kept.reference)).toBe(1);

    const pending = await gql<{ mySupportCarryOvers: Array<{ id: string; state: string; intoReference: string }> }>(
      `{ mySupportCarryOvers { id state intoReference } }`,
      {},
      tokens.carried,
    );
    expect(pending.mySupportCarryOvers.map(({ state, intoReference }) => ({ state, intoReference }))).toEqual([{ state: 'PENDING', intoReference: kept.reference }]);
    expect((await gql<{ mySupportCarryOvers: unknown[] }>(`{ mySupportCarryOvers { id } }`, {}, tokens.kept)).mySupportCarryOvers).toEqual([]);
    await waitFor(async () => mail.to(email).find((message) => message.text.includes(kept.reference)), { what: 'the carry-over question' });

    await gql(`mutation($id: ID!) { respondToSupportCarryOver(id: $id, accept: true) { state } }`, { id: pending.mySupportCarryOvers[0].id }, tokens.carried);
    expect(await count(kept.reference)).toBe(2);
    const [{ distinct }] = await dataSource.query(`SELECT count(DISTINCT person_id)::int AS distinct FROM need_support WHERE need_id = $1`, [kept.id]);
    expect(distinct).toBe(2);
  });
});

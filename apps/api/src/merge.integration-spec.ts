import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { INestApplicationContext } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { DataSource } from 'typeorm';
import { NotifySupportCarryOverJob } from '@pit/participation/jobs';
import { accountsWithRoles, DESCRIPTION, graphql, startApi, startWorker } from '../../../tools/test/harness.js';
import { SmtpSink } from '../../../tools/test/smtp-sink.js';

// Issue 5 item 5, duplicates: mergeNeed (through the status workflow, in one transaction with the
// merge and the carry-over requests), the supporters' consent (respondToSupportCarryOver,
// mySupportCarryOvers), the email job, Need.mergedInto / mergedFrom; real api, worker, PostgreSQL, SMTP.

const MERGE = /* GraphQL */ `
  mutation($r: String!, $i: MergeNeedInput!) { mergeNeed(reference: $r, input: $i) { fromReference intoReference intoTitle reason requestCount } }`;
const RESPOND = /* GraphQL */ `
  mutation($id: ID!, $a: Boolean!) { respondToSupportCarryOver(id: $id, accept: $a) { id state decidedAt intoReference } }`;
const MINE = /* GraphQL */ `{ mySupportCarryOvers { id state fromReference fromTitle intoReference intoTitle reason } }`;
const LINKS = /* GraphQL */ `
  query($r: String!) { need(reference: $r) { status supportCount mergedInto { reference title } mergedFrom { reference title } history { status note } } }`;

type Who = 'author' | 'keeper' | 's1' | 's2' | 's3' | 'agentA' | 'agentT' | 'admin';
const REASON = 'Les deux besoins demandent le même passage piéton devant l’école.';

interface GraphqlErrors {
  errors?: Array<{ message: string; extensions?: { code?: string; fields?: Array<{ field: string; message: string }> } }>;
}
const fieldsOf = (result: GraphqlErrors) => ({ code: result.errors?.[0]?.extensions?.code, fields: result.errors?.[0]?.extensions?.fields });
const codeOf = (result: GraphqlErrors) => result.errors?.[0]?.extensions?.code;

describe('mergeNeed: duplicates merged, supports carried over only with consent', () => {
  let api: NestFastifyApplication;
  let worker: INestApplicationContext;
  let dataSource: DataSource;
  let avrilleId: string;
  let tierceId: string;
  let tokens = {} as Record<Who, string>;
  let ids = {} as Record<Who, string>;
  const mail = new SmtpSink();

  const routedNeed = async (title: string, token = tokens.author) => {
    const result = await graphql<{ submitNeed: { id: string; reference: string } }>(
      api,
      `mutation($i: SubmitNeedInput!) { submitNeed(input: $i) { id reference } }`,
      { i: { title, description: DESCRIPTION, categoryKey: 'schools', communeCode: '49015' } },
      { token },
    );
    const need = result.data!.submitNeed;
    await dataSource.query(`UPDATE need SET authority_id = $2, status = 'transmitted' WHERE id = $1`, [need.id, avrilleId]);
    return { ...need, title };
  };
  const support = async (needId: string, ...who: Who[]) => {
    for (const person of who) {
      const result = await graphql(api, `mutation($n: ID!) { supportNeed(needId: $n) { supportCount } }`, { n: needId }, { token: tokens[person] });
      expect(result.errors).toBeUndefined();
    }
  };
  const merge = (reference: string, input: Record<string, unknown>, token: string | null = tokens.agentA) =>
    graphql<{ mergeNeed: { fromReference: string; intoReference: string; intoTitle: string; reason: string; requestCount: number } }>(api, MERGE, { r: reference, i: input }, { token });
  const respond = (id: string, accept: boolean, who: Who) =>
    graphql<{ respondToSupportCarryOver: { id: string; state: string; decidedAt: string | null; intoReference: string } }>(api, RESPOND, { id, a: accept }, { token: tokens[who] });
  const mine = async (who: Who) =>
    (await graphql<{ mySupportCarryOvers: Array<{ id: string; state: string; fromReference: string; fromTitle: string; intoReference: string; intoTitle: string; reason: string }> }>(api, MINE, {}, { token: tokens[who] })).data!
      .mySupportCarryOvers;
  const links = async (reference: string) =>
    (
      await graphql<{
        need: { status: string; supportCount: number; mergedInto: { reference: string; title: string } | null; mergedFrom: Array<{ reference: string; title: string }>; history: Array<{ status: string; note: string | null }> };
      }>(api, LINKS, { r: reference })
    ).data!.need;
  /** The displayed count (sum of the tally shards) beside count(distinct person) of the support rows, and who supports. */
  const supports = async (needId: string) => {
    const [row] = await dataSource.query(
      `SELECT (SELECT COALESCE(sum(supports), 0)::int FROM need_support_tally WHERE need_id = $1) AS tally,
              (SELECT count(DISTINCT person_id)::int FROM need_support WHERE need_id = $1) AS people`,
      [needId],
    );
    const who = await dataSource.query(`SELECT person_id FROM need_support WHERE need_id = $1`, [needId]);
    const names = (Object.keys(ids) as Who[]).filter((name) => who.some((r: { person_id: string }) => r.person_id === ids[name])).sort();
    return { tally: row.tally as number, people: row.people as number, who: names };
  };
  const requestOf = async (mergedNeedId: string, who: Who): Promise<string> => {
    const [row] = await dataSource.query(
      `SELECT c.id FROM support_carry_over c JOIN need_merge m ON m.id = c.merge_id WHERE m.from_need_id = $1 AND c.person_id = $2`,
      [mergedNeedId, ids[who]],
    );
    return row.id;
  };

  beforeAll(async () => {
    await mail.start();
    process.env.SMTP_URL = mail.url;
    process.env.PUBLIC_URL = 'http://localhost:3000';
    process.env.DIGEST_SCHEDULE = 'off';
    api = await startApi();
    worker = await startWorker({ consume: false, relay: false });
    dataSource = api.get(DataSource);
    [{ id: avrilleId }] = await dataSource.query(`SELECT id FROM authority WHERE kind = 'commune' AND code = '49015'`);
    [{ id: tierceId }] = await dataSource.query(`SELECT id FROM authority WHERE kind = 'commune' AND code = '49347'`);
    ({ ids, tokens } = await accountsWithRoles(api, 'Fusion', {
      author: null,
      keeper: null,
      s1: null,
      s2: null,
      s3: null,
      agentA: { role: 'agent', authorityId: avrilleId },
      agentT: { role: 'agent', authorityId: tierceId },
      admin: { role: 'admin' },
    }));
    // Confirmed addresses: the carry-over question is emailed to confirmed addresses only.
    await dataSource.query(`UPDATE person SET email_verified_at = now() WHERE id = ANY($1::uuid[])`, [Object.values(ids)]);
  });
  afterAll(async () => {
    await worker?.close();
    await api?.close();
    await mail.stop();
    delete process.env.DIGEST_SCHEDULE;
  });

  it('merges through the workflow in one transaction: doublon, the merge, one pending request per supporter not supporting the kept need; no support moves', async () => {
    const merged = await routedNeed('Un passage piéton rue des Écoles');
    const kept = await routedNeed('Passage piéton devant l’école Jules-Ferry', tokens.keeper);
    // s3 already supports the kept need; the kept need's author cannot support it: neither is asked.
    await support(merged.id, 's1', 's2', 's3', 'keeper');
    await support(kept.id, 's3');

    const result = await merge(merged.reference, { into: kept.reference.toLowerCase(), reason: `  ${REASON}  ` });
    expect(result.errors).toBeUndefined();
    expect(result.data!.mergeNeed).toEqual({ fromReference: merged.reference, intoReference: kept.reference, intoTitle: kept.title, reason: REASON, requestCount: 2 });

    const requests = await dataSource.query(
      `SELECT p.id AS person, c.state, c.decided_at FROM support_carry_over c JOIN need_merge m ON m.id = c.merge_id JOIN person p ON p.id = c.person_id
        WHERE m.from_need_id = $1 ORDER BY p.pseudonym`,
      [merged.id],
    );
    expect(requests).toEqual([
      { person: ids.s1, state: 'pending', decided_at: null },
      { person: ids.s2, state: 'pending', decided_at: null },
    ]);
    // Nobody's support moved.
    expect(await supports(merged.id)).toEqual({ tally: 4, people: 4, who: ['keeper', 's1', 's2', 's3'] });
    expect(await supports(kept.id)).toEqual({ tally: 1, people: 1, who: ['s3'] });

    const [row] = await dataSource.query(`SELECT into_need_id, reason, merged_by FROM need_merge WHERE from_need_id = $1`, [merged.id]);
    expect(row).toEqual({ into_need_id: kept.id, reason: REASON, merged_by: ids.agentA });
    const audit = await dataSource.query(`SELECT action, actor_id, after FROM audit_entry WHERE subject_id = $1 ORDER BY created_at, action DESC`, [merged.id]);
    expect(audit.map((entry: { action: string }) => entry.action)).toEqual(['need.status', 'need.merge']);
    expect(audit[0].after).toMatchObject({ status: 'duplicate', duplicateOf: kept.reference, answer: REASON });
    expect(audit[1]).toMatchObject({ actor_id: ids.agentA, after: { intoNeedId: kept.id, reason: REASON, carryOverRequests: 2 } });
    const [jobs] = await dataSource.query(
      `SELECT (SELECT count(*)::int FROM outbox_message o JOIN need_merge m ON o.payload->>'mergeId' = m.id::text WHERE o.name = 'notify-support-carry-over' AND m.from_need_id = $1) AS "carryOver",
              (SELECT count(*)::int FROM outbox_message o JOIN need_status_change c ON o.payload->>'statusChangeId' = c.id::text WHERE o.name = 'notify-need-change' AND c.need_id = $1 AND c.status = 'duplicate') AS "statusChange"`,
      [merged.id],
    );
    expect(jobs).toEqual({ carryOver: 1, statusChange: 1 });

    // Traceable both ways, on the public Need.
    const from = await links(merged.reference);
    expect(from.status).toBe('DUPLICATE');
    expect(from.mergedInto).toEqual({ reference: kept.reference, title: kept.title });
    expect(from.history.at(-1)).toEqual({ status: 'DUPLICATE', note: `Doublon du besoin ${kept.reference}.\n\n${REASON}` });
    const into = await links(kept.reference);
    expect(into.mergedInto).toBeNull();
    expect(into.mergedFrom).toEqual([{ reference: merged.reference, title: merged.title }]);

    // Each supporter sees their own pending request; the others none.
    expect(await mine('s1')).toEqual([
      { id: await requestOf(merged.id, 's1'), state: 'PENDING', fromReference: merged.reference, fromTitle: merged.title, intoReference: kept.reference, intoTitle: kept.title, reason: REASON },
    ]);
    expect(await mine('s3')).toEqual([]);
    expect(await mine('keeper')).toEqual([]);
  });

  it('emails each supporter asked once per (merge, person), even when the job runs twice at the same time', async () => {
    const merged = await routedNeed('Éclairage du parking de la salle des fêtes');
    const kept = await routedNeed('Éclairer le parking de la salle des fêtes', tokens.keeper);
    await support(merged.id, 's1', 's2');
    expect((await merge(merged.reference, { into: kept.reference, reason: REASON })).errors).toBeUndefined();
    const [{ id: mergeId }] = await dataSource.query(`SELECT id FROM need_merge WHERE from_need_id = $1`, [merged.id]);
    const [job] = await dataSource.query(`SELECT payload, dedup_key FROM outbox_message WHERE name = 'notify-support-carry-over' AND payload->>'mergeId' = $1`, [mergeId]);
    expect(job).toEqual({ payload: { mergeId }, dedup_key: `notify-support-carry-over:${mergeId}` });

    const handler = worker.get(NotifySupportCarryOverJob);
    await Promise.all([handler.handle({ mergeId }, { jobId: 'a', attempt: 1 }), handler.handle({ mergeId }, { jobId: 'a', attempt: 1 })]);
    await handler.handle({ mergeId }, { jobId: 'a', attempt: 2 });
    const [emails] = await dataSource.query(`SELECT array_agg(recipient ORDER BY recipient) AS to FROM mail_delivery WHERE delivery_key = $1`, [`support-carry-over:${mergeId}`]);
    const [s1, s2] = await Promise.all(
      (['s1', 's2'] as const).map(async (who) => (await dataSource.query(`SELECT email FROM person WHERE id = $1`, [ids[who]]))[0].email as string),
    );
    expect(emails.to).toEqual([s1, s2].sort());
    for (const address of [s1!, s2!]) {
      const received = mail.messages.filter((message) => message.to === address && message.subject === `Besoin ${merged.reference} fusionné : reporter votre soutien ?`);
      expect(received).toHaveLength(1);
      expect(received[0]!.text).toContain(`dans le besoin « ${kept.title} » (${kept.reference})`);
      expect(received[0]!.text).toContain('Répondre : http://localhost:3000/compte/soutiens');
    }
  });

  it('accepting carries the support over exactly once (tally = count(distinct person) on both needs); declining leaves it; both recorded', async () => {
    const merged = await routedNeed('Un banc à l’arrêt de bus Mairie');
    const kept = await routedNeed('Des bancs aux arrêts de bus', tokens.keeper);
    await support(merged.id, 's1', 's2');
    expect((await merge(merged.reference, { into: kept.reference, reason: REASON })).errors).toBeUndefined();
    const r1 = await requestOf(merged.id, 's1');
    const r2 = await requestOf(merged.id, 's2');

    // Twice at the same time, then once more: one support moved.
    const answers = await Promise.all([respond(r1, true, 's1'), respond(r1, true, 's1')]);
    for (const answer of answers) expect(answer.data!.respondToSupportCarryOver).toMatchObject({ id: r1, state: 'ACCEPTED', intoReference: kept.reference });
    expect((await respond(r1, true, 's1')).data!.respondToSupportCarryOver.state).toBe('ACCEPTED');
    expect(await supports(kept.id)).toEqual({ tally: 1, people: 1, who: ['s1'] });
    expect(await supports(merged.id)).toEqual({ tally: 1, people: 1, who: ['s2'] });

    const declined = await respond(r2, false, 's2');
    expect(declined.data!.respondToSupportCarryOver.state).toBe('DECLINED');
    expect(declined.data!.respondToSupportCarryOver.decidedAt).not.toBeNull();
    expect(await supports(kept.id)).toEqual({ tally: 1, people: 1, who: ['s1'] });
    expect(await supports(merged.id)).toEqual({ tally: 1, people: 1, who: ['s2'] });
    // The public counts say the same.
    expect((await links(kept.reference)).supportCount).toBe(1);
    expect((await links(merged.reference)).supportCount).toBe(1);

    // An answer given stands: the other one is refused, nothing moves.
    expect(fieldsOf(await respond(r2, true, 's2'))).toEqual({ code: 'BAD_USER_INPUT', fields: [{ field: 'accept', message: 'Vous avez déjà choisi de ne pas reporter votre soutien.' }] });
    expect(fieldsOf(await respond(r1, false, 's1'))).toEqual({ code: 'BAD_USER_INPUT', fields: [{ field: 'accept', message: 'Vous avez déjà reporté votre soutien.' }] });
    const states = await dataSource.query(`SELECT state, decided_at IS NOT NULL AS decided FROM support_carry_over WHERE id = ANY($1::uuid[]) ORDER BY state`, [[r1, r2]]);
    expect(states).toEqual([
      { state: 'accepted', decided: true },
      { state: 'declined', decided: true },
    ]);
    // Answered requests leave the list (s1 still has the earlier tests' pending ones).
    expect((await mine('s1')).map((request) => request.fromReference)).not.toContain(merged.reference);
    expect(await supports(kept.id)).toEqual({ tally: 1, people: 1, who: ['s1'] });
  });

  it('accepting when one already supports the kept need adds nothing to it', async () => {
    const merged = await routedNeed('Nettoyer le lavoir');
    const kept = await routedNeed('Le lavoir à nettoyer', tokens.keeper);
    await support(merged.id, 's2');
    expect((await merge(merged.reference, { into: kept.reference, reason: REASON })).errors).toBeUndefined();
    // Supported meanwhile, directly.
    await support(kept.id, 's2');
    expect((await respond(await requestOf(merged.id, 's2'), true, 's2')).data!.respondToSupportCarryOver.state).toBe('ACCEPTED');
    expect(await supports(kept.id)).toEqual({ tally: 1, people: 1, who: ['s2'] });
    expect(await supports(merged.id)).toEqual({ tally: 0, people: 0, who: [] });
  });

  it('a merge undone by reopening the need asks nothing more; the need may then be merged again', async () => {
    const merged = await routedNeed('Un abri vélo à la gare');
    const kept = await routedNeed('Abri vélo sécurisé gare', tokens.keeper);
    await support(merged.id, 's2');
    expect((await merge(merged.reference, { into: kept.reference, reason: REASON })).errors).toBeUndefined();
    const first = await requestOf(merged.id, 's2');
    const reopened = await graphql(api, `mutation($r: String!) { changeNeedStatus(reference: $r, input: { status: UNDER_STUDY }) { status } }`, { r: merged.reference }, { token: tokens.agentA });
    expect(reopened.errors).toBeUndefined();
    expect((await mine('s2')).map((request) => request.fromReference)).not.toContain(merged.reference);
    expect(fieldsOf(await respond(first, true, 's2'))).toEqual({ code: 'BAD_USER_INPUT', fields: [{ field: 'id', message: 'Ce besoin n’est plus fusionné : votre soutien reste où il est.' }] });
    expect(await supports(merged.id)).toEqual({ tally: 1, people: 1, who: ['s2'] });
    expect((await links(merged.reference)).mergedInto).toBeNull();
    expect((await links(kept.reference)).mergedFrom).toEqual([]);

    const other = await routedNeed('Stationnement vélo devant la gare', tokens.keeper);
    const again = await merge(merged.reference, { into: other.reference, reason: REASON });
    expect(again.data!.mergeNeed).toMatchObject({ intoReference: other.reference, requestCount: 1 });
    const mineNow = (await mine('s2')).filter((request) => request.fromReference === merged.reference);
    expect(mineNow.map((request) => request.intoReference)).toEqual([other.reference]);
    expect((await respond(mineNow[0]!.id, true, 's2')).data!.respondToSupportCarryOver.state).toBe('ACCEPTED');
    expect(await supports(other.id)).toEqual({ tally: 1, people: 1, who: ['s2'] });
    expect(await supports(kept.id)).toEqual({ tally: 0, people: 0, who: [] });
  });

  it('refuses a second merge, an illegal status, a kept need that cannot be kept, and bad input, naming the field; nothing is written', async () => {
    const merged = await routedNeed('Des poubelles au square');
    const kept = await routedNeed('Poubelles du square Verdun', tokens.keeper);
    await support(merged.id, 's1');
    expect((await merge(merged.reference, { into: kept.reference, reason: REASON })).errors).toBeUndefined();
    const again = await routedNeed('Encore des poubelles au square', tokens.keeper);
    expect(fieldsOf(await merge(merged.reference, { into: again.reference, reason: REASON }))).toEqual({
      code: 'BAD_USER_INPUT',
      fields: [{ field: 'reference', message: 'Un besoin « doublon » ne peut pas passer à « doublon ».' }],
    });
    expect(fieldsOf(await merge(again.reference, { into: merged.reference, reason: REASON })).fields).toEqual([
      { field: 'into', message: `Le besoin ${merged.reference} est « doublon » : choisissez un besoin ouvert à conserver.` },
    ]);
    expect(fieldsOf(await merge(again.reference, { into: again.reference, reason: REASON })).fields).toEqual([
      { field: 'into', message: 'Un besoin ne peut pas être le doublon de lui-même.' },
    ]);
    expect(fieldsOf(await merge(again.reference, { into: 'B-2222222', reason: REASON })).fields).toEqual([
      { field: 'into', message: 'Cette référence n’est pas valide : elle ressemble à B-7K3M9Q.' },
    ]);
    expect(fieldsOf(await merge(again.reference, { into: '', reason: 'Court' })).fields).toEqual([
      { field: 'reason', message: 'Le motif doit compter entre 10 et 1000 caractères (il en compte 5).' },
      { field: 'into', message: 'Indiquez la référence du besoin conservé (B-XXXXXX).' },
    ]);
    // Once the authority committed itself (en cours), a need is no longer merged.
    const started = await routedNeed('Réparer la fontaine', tokens.keeper);
    await dataSource.query(`UPDATE need SET status = 'in_progress' WHERE id = $1`, [started.id]);
    expect(fieldsOf(await merge(started.reference, { into: kept.reference, reason: REASON })).fields).toEqual([
      { field: 'reference', message: 'Un besoin « en cours » ne peut pas passer à « doublon ».' },
    ]);
    const written = await dataSource.query(
      `SELECT n.status, (SELECT count(*)::int FROM need_merge m WHERE m.from_need_id = n.id) AS merges, (SELECT count(*)::int FROM audit_entry a WHERE a.subject_id = n.id) AS audit
         FROM need n WHERE n.id = ANY($1::uuid[]) ORDER BY n.title`,
      [[again.id, started.id]],
    );
    expect(written).toEqual([
      { status: 'transmitted', merges: 0, audit: 0 },
      { status: 'in_progress', merges: 0, audit: 0 },
    ]);
    expect(await supports(merged.id)).toEqual({ tally: 1, people: 1, who: ['s1'] });
  });

  it('leaves merging to the merged need’s agents and admins, and each answer to its supporter', async () => {
    const merged = await routedNeed('Une boîte à livres place du marché');
    const kept = await routedNeed('Boîte à livres au marché', tokens.keeper);
    await support(merged.id, 's1');
    expect(codeOf(await merge(merged.reference, { into: kept.reference, reason: REASON }, tokens.agentT))).toBe('FORBIDDEN');
    expect(codeOf(await merge(merged.reference, { into: kept.reference, reason: REASON }, tokens.s1))).toBe('FORBIDDEN');
    expect(codeOf(await merge(merged.reference, { into: kept.reference, reason: REASON }, null))).toBe('UNAUTHENTICATED');
    // An unknown reference is refused like another authority's need.
    expect(codeOf(await merge('B-7K3M9Q', { into: kept.reference, reason: REASON }))).toBe('FORBIDDEN');
    expect((await dataSource.query(`SELECT status FROM need WHERE id = $1`, [merged.id]))[0].status).toBe('transmitted');
    const byAdmin = await merge(merged.reference, { into: kept.reference, reason: REASON }, tokens.admin);
    expect(byAdmin.data!.mergeNeed.requestCount).toBe(1);

    const request = await requestOf(merged.id, 's1');
    expect(codeOf(await respond(request, true, 's2'))).toBe('FORBIDDEN');
    expect(codeOf(await respond(request, true, 'admin'))).toBe('FORBIDDEN');
    expect(codeOf(await respond('00000000-0000-4000-8000-000000000000', true, 's1'))).toBe('FORBIDDEN');
    expect(codeOf(await graphql(api, RESPOND, { id: request, a: true }))).toBe('UNAUTHENTICATED');
    expect(codeOf(await graphql(api, MINE, {}))).toBe('UNAUTHENTICATED');
    expect((await dataSource.query(`SELECT state FROM support_carry_over WHERE id = $1`, [request]))[0].state).toBe('pending');
    expect(await supports(merged.id)).toEqual({ tally: 1, people: 1, who: ['s1'] });
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { DataSource } from 'typeorm';
import { AccessService, SessionsService } from '@pit/accounts';
import { NeedsRepository, StaffAlertsService } from '@pit/needs';
import { QueueBackend } from '@pit/core';
import { AlertStaffNewNeedJob, RouteNeedJob, SendStaffDigestJob, STAFF_DIGEST_SCHEDULER_ID, StaffDigestScheduler } from '@pit/needs/jobs';
import { NotificationsService } from '@pit/notifications';
import { NotifyNeedRoutingJob, SendNotificationEmailJob } from '@pit/notifications/jobs';
import { TerritoryService } from '@pit/territory';
import { accountsWithRoles, DESCRIPTION, graphql, startApi, startWorker } from '../../../tools/test/harness.js';

// Issue 5 items 3 and 10: co-assignment, the assignee and followers on a move, staff alerts of new
// needs, hand-over during an absence, deactivation of a departing agent.

type Result<T> = { data?: T | null; errors?: Array<{ message: string; extensions?: { code?: string; fields?: Array<{ field: string; message: string }> } }> };
const CO_ASSIGN = /* GraphQL */ `mutation($r: String!, $i: CoAssignNeedInput!) { coAssignNeed(reference: $r, input: $i) { coAssignments { authority { name } reason } routings { kind authority { name } note } } }`;
const REMOVE = /* GraphQL */ `mutation($r: String!, $a: ID!) { removeCoAssignment(reference: $r, authorityId: $a) { coAssignments { authority { name } } routings { kind authority { name } } } }`;
const CHANGE = /* GraphQL */ `mutation($r: String!, $i: ChangeNeedStatusInput!) { changeNeedStatus(reference: $r, input: $i) { status } }`;
const TRANSFER = /* GraphQL */ `mutation($r: String!, $i: TransferNeedInput!) { transferNeed(reference: $r, input: $i) { reference } }`;
const REQUALIFY = /* GraphQL */ `mutation($r: String!, $i: RequalifyNeedInput!) { requalifyNeed(reference: $r, input: $i) { reference } }`;
const HAND_OVER = /* GraphQL */ `mutation($a: ID!, $i: HandOverNeedsInput!) { handOverNeeds(authorityId: $a, input: $i) { moved } }`;
const DEACTIVATE = /* GraphQL */ `mutation($p: ID!, $a: ID) { deactivateStaff(personId: $p, authorityId: $a) { revokedRoles unassignedNeeds endedSessions } }`;
const STAFF = /* GraphQL */ `query($a: ID!) { authorityStaff(authorityId: $a) { id displayName assignedCount } }`;

describe('team life: co-assignment, moves, staff alerts, hand-over, deactivation', () => {
  let api: NestFastifyApplication;
  let dataSource: DataSource;
  let almId: string;
  let avrilleId: string;
  let tierceId: string;
  const who = ['author', 'follower', 'agentAlm', 'agentAvrille', 'colleagueAvrille', 'agentTierce', 'admin'] as const;
  let tokens = {} as Record<(typeof who)[number], string>;
  let ids = {} as Record<(typeof who)[number], string>;
  let names = {} as Record<(typeof who)[number], string>;

  const call = <T>(document: string, variables: Record<string, unknown>, token: string | null) => graphql<T>(api, document, variables, { token }) as Promise<Result<T>>;
  const codeOf = (result: Result<unknown>) => result.errors?.[0]?.extensions?.code;
  const fieldsOf = (result: Result<unknown>) => result.errors?.[0]?.extensions?.fields?.map((error) => error.field);
  /** A need submitted by the author and routed by the route-need job (its staff-alert job is left in the outbox). */
  const routedNeed = async (categoryKey: string, communeCode: string, title: string) => {
    const result = await graphql<{ submitNeed: { id: string; reference: string } }>(
      api,
      `mutation($i: SubmitNeedInput!) { submitNeed(input: $i) { id reference } }`,
      { i: { title, description: DESCRIPTION, categoryKey, communeCode } },
      { token: tokens.author },
    );
    const need = result.data!.submitNeed;
    await new RouteNeedJob(dataSource, api.get(NeedsRepository), api.get(TerritoryService)).handle({ needId: need.id }, { jobId: `test-${need.id}`, attempt: 1 });
    return need;
  };
  const assign = (needId: string, personId: string | null) => dataSource.query(`UPDATE need SET assignee_id = $2 WHERE id = $1`, [needId, personId]);
  const assigneeOf = async (needId: string) => (await dataSource.query(`SELECT assignee_id FROM need WHERE id = $1`, [needId]))[0].assignee_id as string | null;
  const latestRouting = async (needId: string) => (await dataSource.query(`SELECT id FROM need_routing WHERE need_id = $1 ORDER BY created_at DESC, id DESC LIMIT 1`, [needId]))[0].id as string;

  beforeAll(async () => {
    api = await startApi();
    dataSource = api.get(DataSource);
    [{ id: almId }] = await dataSource.query(`SELECT epci_id AS id FROM commune WHERE code = '49015'`);
    [{ id: avrilleId }] = await dataSource.query(`SELECT id FROM authority WHERE kind = 'commune' AND code = '49015'`);
    [{ id: tierceId }] = await dataSource.query(`SELECT id FROM authority WHERE kind = 'commune' AND code = '49347'`);
    ({ ids, tokens } = await accountsWithRoles(api, 'Équipe', {
      author: null,
      follower: null,
      agentAlm: { role: 'agent', authorityId: almId },
      agentAvrille: { role: 'agent', authorityId: avrilleId },
      colleagueAvrille: { role: 'agent', authorityId: avrilleId },
      agentTierce: { role: 'agent', authorityId: tierceId },
      admin: { role: 'admin' },
    }));
    // Everybody here reads their email.
    await dataSource.query(`UPDATE person SET email_verified_at = now() WHERE id = ANY($1::uuid[])`, [Object.values(ids)]);
    const rows: Array<{ id: string; pseudonym: string }> = await dataSource.query(`SELECT id, pseudonym FROM person WHERE id = ANY($1::uuid[])`, [Object.values(ids)]);
    for (const key of who) names[key] = rows.find((row) => row.id === ids[key])!.pseudonym;
  });
  afterAll(async () => {
    await api?.close();
  });

  it('authorityStaff lists the active agents of one authority, for its agents and admins', async () => {
    const staff = await call<{ authorityStaff: Array<{ id: string; displayName: string; assignedCount: number }> }>(STAFF, { a: avrilleId }, tokens.colleagueAvrille);
    const mine = staff.data!.authorityStaff.filter((member) => [ids.agentAvrille, ids.colleagueAvrille].includes(member.id));
    expect(mine.map((member) => member.displayName).sort()).toEqual([names.agentAvrille, names.colleagueAvrille].sort());
    expect(staff.data!.authorityStaff.map((member) => member.id)).not.toContain(ids.agentTierce);
    expect(codeOf(await call(STAFF, { a: avrilleId }, tokens.agentTierce))).toBe('FORBIDDEN');
    expect((await call(STAFF, { a: avrilleId }, tokens.admin)).errors).toBeUndefined();
  });

  it('co-assignment: the co-assigned authority’s agents may triage, the reason is public, both moves are audited', async () => {
    const need = await routedNeed('waste_collection', '49015', 'Dépôts sauvages devant la mairie annexe');
    const access = api.get(AccessService);
    const actorOf = (key: (typeof who)[number]) => ({ personId: ids[key], sessionId: '', pseudonym: names[key], roles: [] });
    expect(await access.check(actorOf('agentAvrille'), 'need.triage', [need.id])).toBe(false);

    const reason = 'Le maire exerce ses pouvoirs de police contre les dépôts sauvages.';
    // Refused: an agent of another authority, a reason too short, the authority already in charge.
    expect(codeOf(await call(CO_ASSIGN, { r: need.reference, i: { authorityId: avrilleId, reason } }, tokens.agentAvrille))).toBe('FORBIDDEN');
    expect(fieldsOf(await call(CO_ASSIGN, { r: need.reference, i: { authorityId: avrilleId, reason: 'Court.' } }, tokens.agentAlm))).toEqual(['reason']);
    expect(fieldsOf(await call(CO_ASSIGN, { r: need.reference, i: { authorityId: almId, reason } }, tokens.agentAlm))).toEqual(['authorityId']);

    const done = await call<{ coAssignNeed: { coAssignments: unknown[]; routings: unknown[] } }>(CO_ASSIGN, { r: need.reference, i: { authorityId: avrilleId, reason } }, tokens.agentAlm);
    expect(done.errors).toBeUndefined();
    expect(done.data!.coAssignNeed.coAssignments).toEqual([{ authority: { name: 'Avrillé' }, reason }]);
    expect(done.data!.coAssignNeed.routings).toEqual([
      { kind: 'initial', authority: { name: 'Angers Loire Métropole' }, note: null },
      { kind: 'co_assignment', authority: { name: 'Avrillé' }, note: reason },
    ]);
    expect(fieldsOf(await call(CO_ASSIGN, { r: need.reference, i: { authorityId: avrilleId, reason } }, tokens.agentAlm))).toEqual(['authorityId']);
    // Avrillé's agents are told of it, and the need's followers see the move.
    const coRouting = await latestRouting(need.id);
    expect(await dataSource.query(`SELECT name FROM outbox_message WHERE payload->>'routingId' = $1 ORDER BY name`, [coRouting])).toEqual([
      { name: 'alert-staff-new-need' },
      { name: 'notify-need-routing' },
    ]);
    // Public: anyone reading the need sees it.
    const seen = await call<{ need: { coAssignments: unknown[] } }>(`query($r: String!) { need(reference: $r) { coAssignments { authority { name } reason } } }`, { r: need.reference }, null);
    expect(seen.data!.need.coAssignments).toEqual([{ authority: { name: 'Avrillé' }, reason }]);

    // Avrillé's agents may triage it now; Tiercé's may not; co-assigning further stays with ALM's agents.
    expect(await access.check(actorOf('agentAvrille'), 'need.triage', [need.id])).toBe(true);
    expect(await access.check(actorOf('agentTierce'), 'need.triage', [need.id])).toBe(false);
    const triaged = await call<{ changeNeedStatus: { status: string } }>(CHANGE, { r: need.reference, i: { status: 'UNDER_STUDY' } }, tokens.agentAvrille);
    expect(triaged.errors).toBeUndefined();
    expect(triaged.data!.changeNeedStatus.status).toBe('UNDER_STUDY');
    expect(codeOf(await call(CHANGE, { r: need.reference, i: { status: 'ACCEPTED' } }, tokens.agentTierce))).toBe('FORBIDDEN');
    expect(codeOf(await call(REMOVE, { r: need.reference, a: avrilleId }, tokens.agentAvrille))).toBe('FORBIDDEN');
    // Moving the need stays with the authority in charge: a co-assigned agent may neither requalify nor transfer it.
    const move = 'Ce besoin relève plutôt d’une autre collectivité du territoire.';
    expect(
      codeOf(await call(`mutation($r: String!, $i: RequalifyNeedInput!) { requalifyNeed(reference: $r, input: $i) { id } }`, { r: need.reference, i: { categoryKey: 'parks_playgrounds_trees', reason: move } }, tokens.agentAvrille)),
    ).toBe('FORBIDDEN');
    expect(
      codeOf(await call(`mutation($r: String!, $i: TransferNeedInput!) { transferNeed(reference: $r, input: $i) { id } }`, { r: need.reference, i: { authorityId: avrilleId, reason: move } }, tokens.agentAvrille)),
    ).toBe('FORBIDDEN');

    // Avrillé's agent was assigned through the co-assignment: ending it returns the need to the queue.
    await assign(need.id, ids.agentAvrille);
    const removed = await call<{ removeCoAssignment: { coAssignments: unknown[]; routings: Array<{ kind: string }> } }>(REMOVE, { r: need.reference, a: avrilleId }, tokens.agentAlm);
    expect(removed.errors).toBeUndefined();
    expect(removed.data!.removeCoAssignment.coAssignments).toEqual([]);
    expect(removed.data!.removeCoAssignment.routings.map((routing) => routing.kind)).toEqual(['initial', 'co_assignment', 'co_assignment_end']);
    expect(await assigneeOf(need.id)).toBeNull();
    expect(await access.check(actorOf('agentAvrille'), 'need.triage', [need.id])).toBe(false);
    expect(fieldsOf(await call(REMOVE, { r: need.reference, a: avrilleId }, tokens.agentAlm))).toEqual(['authorityId']);

    const audit = await dataSource.query(`SELECT actor_id, action, before, after FROM audit_entry WHERE subject_id = $1 AND action LIKE 'need.%co_assign%' ORDER BY created_at, id`, [need.id]);
    expect(audit).toMatchObject([
      { actor_id: ids.agentAlm, action: 'need.co_assign', before: null, after: { authorityId: avrilleId, reason } },
      { actor_id: ids.agentAlm, action: 'need.remove_co_assignment', before: { authorityId: avrilleId, reason }, after: { authorityId: null, assigneeCleared: true } },
    ]);
  });

  it('a transfer or a requalification to another authority clears the assignee; followers are told of the move once', async () => {
    const need = await routedNeed('waste_collection', '49015', 'Le conteneur à verre déborde chaque semaine');
    await dataSource.query(`INSERT INTO need_follow (need_id, person_id) VALUES ($1, $2)`, [need.id, ids.follower]);
    await api.get(NotificationsService).setMode(ids.follower, 'immediate');
    await assign(need.id, ids.agentAlm);
    const reason = 'Le conteneur est sur le parking de la mairie : la commune s’en charge.';
    expect((await call(TRANSFER, { r: need.reference, i: { authorityId: avrilleId, reason } }, tokens.agentAlm)).errors).toBeUndefined();
    expect(await assigneeOf(need.id)).toBeNull();
    const transferId = await latestRouting(need.id);
    expect(await dataSource.query(`SELECT name, payload FROM outbox_message WHERE dedup_key = ANY($1::text[]) ORDER BY name`, [[`notify-need-routing:${transferId}`, `alert-staff-new-need:${transferId}`]])).toEqual([
      { name: 'alert-staff-new-need', payload: { needId: need.id, routingId: transferId } },
      { name: 'notify-need-routing', payload: { needId: need.id, routingId: transferId } },
    ]);

    // The job runs twice (a retry): one notification per person, one email.
    const notify = new NotifyNeedRoutingJob(api.get(NotificationsService));
    await notify.handle({ needId: need.id, routingId: transferId });
    await notify.handle({ needId: need.id, routingId: transferId });
    const notified = await dataSource.query(`SELECT person_id, kind, delivery FROM notification WHERE event_key = $1 ORDER BY person_id`, [`routing:${transferId}`]);
    expect(notified).toEqual(
      [
        { person_id: ids.author, kind: 'routing', delivery: 'digest' },
        { person_id: ids.follower, kind: 'routing', delivery: 'immediate' },
      ].sort((a, b) => a.person_id.localeCompare(b.person_id)),
    );
    const [immediate] = await dataSource.query(`SELECT id FROM notification WHERE event_key = $1 AND person_id = $2`, [`routing:${transferId}`, ids.follower]);
    const send = new SendNotificationEmailJob(api.get(NotificationsService));
    await send.handle({ notificationId: String(immediate.id) });
    await send.handle({ notificationId: String(immediate.id) });
    const [{ email }] = await dataSource.query(`SELECT email FROM person WHERE id = $1`, [ids.follower]);
    expect(await dataSource.query(`SELECT subject FROM mail_delivery WHERE delivery_key = $1`, [`notification:${immediate.id}`])).toEqual([{ subject: `Besoin ${need.reference} : nouvelle orientation` }]);
    expect(email).toMatch(/@exemple\.fr$/);

    // Requalified back within the commune's reach: same authority, the assignee stays; to ALM again: cleared.
    await assign(need.id, ids.agentAvrille);
    expect((await call(REQUALIFY, { r: need.reference, i: { categoryKey: 'parks_playgrounds_trees', reason: 'Il s’agit en fait des arbres du parking.' } }, tokens.agentAvrille)).errors).toBeUndefined();
    expect(await assigneeOf(need.id)).toBe(ids.agentAvrille);
    expect((await call(REQUALIFY, { r: need.reference, i: { categoryKey: 'waste_collection', reason: 'Finalement, ce sont bien des déchets.' } }, tokens.agentAvrille)).errors).toBeUndefined();
    expect(await assigneeOf(need.id)).toBeNull();
  });

  it('agents hear of a new need as they chose: one email per (need, agent) when the job runs twice, the others in one daily digest', async () => {
    const alerts = api.get(StaffAlertsService);
    await alerts.setMode(ids.agentAvrille, 'immediate');
    await alerts.setMode(ids.colleagueAvrille, 'daily');
    const setMode = await call<{ setStaffAlertMode: { mode: string } }>(`mutation { setStaffAlertMode(mode: OFF) { mode } }`, {}, tokens.agentTierce);
    expect(setMode.data).toEqual({ setStaffAlertMode: { mode: 'OFF' } });
    expect((await call<{ myStaffAlertSettings: { mode: string } }>(`{ myStaffAlertSettings { mode } }`, {}, tokens.agentTierce)).data).toEqual({ myStaffAlertSettings: { mode: 'OFF' } });
    expect(codeOf(await call(`mutation { setStaffAlertMode(mode: OFF) { mode } }`, {}, tokens.follower))).toBe('FORBIDDEN');

    const need = await routedNeed('parks_playgrounds_trees', '49015', 'Un arbre penche dangereusement sur l’aire de jeux');
    const routingId = await latestRouting(need.id);
    const job = new AlertStaffNewNeedJob(alerts);
    await Promise.all([job.handle({ needId: need.id, routingId }), job.handle({ needId: need.id, routingId })]);
    await job.handle({ needId: need.id, routingId });
    const alerted = await dataSource.query(
      `SELECT person_id, delivery, sent_at IS NOT NULL AS sent FROM staff_need_alert WHERE need_id = $1 AND person_id = ANY($2::uuid[]) ORDER BY delivery`,
      [need.id, [ids.agentAvrille, ids.colleagueAvrille, ids.agentTierce, ids.agentAlm]],
    );
    expect(alerted).toEqual([
      { person_id: ids.colleagueAvrille, delivery: 'daily', sent: false },
      { person_id: ids.agentAvrille, delivery: 'immediate', sent: true },
    ]);
    // Other files' agents of Avrillé share this database: look at this file's agents only.
    const emails: Array<{ email: string }> = await dataSource.query(`SELECT lower(email) AS email FROM person WHERE id = ANY($1::uuid[]) ORDER BY id = $2 DESC`, [
      [ids.agentAvrille, ids.colleagueAvrille, ids.agentTierce, ids.agentAlm],
      ids.agentAvrille,
    ]);
    expect(
      await dataSource.query(`SELECT recipient, subject FROM mail_delivery WHERE delivery_key = $1 AND recipient = ANY($2::text[])`, [`staff-new-need:${need.id}`, emails.map((row) => row.email)]),
    ).toEqual([{ recipient: emails[0]!.email, subject: `Nouveau besoin pour Avrillé : ${need.reference}` }]);

    // The daily staff digest: one email to the colleague, twice run, sent once; nothing left pending.
    const digest = new SendStaffDigestJob(alerts);
    await digest.handle({ day: '2031-01-02' });
    await digest.handle({ day: '2031-01-02' });
    const [{ email: colleagueEmail }] = await dataSource.query(`SELECT email FROM person WHERE id = $1`, [ids.colleagueAvrille]);
    const sent = await dataSource.query(`SELECT subject FROM mail_delivery WHERE delivery_key = 'staff-digest:2031-01-02' AND recipient = $1`, [colleagueEmail.toLowerCase()]);
    expect(sent).toHaveLength(1);
    expect(sent[0].subject).toMatch(/^Votre résumé du jour : \d+ nouveaux? besoins?$/);
    expect(await dataSource.query(`SELECT count(*)::int AS n FROM staff_need_alert WHERE person_id = $1 AND sent_at IS NULL`, [ids.colleagueAvrille])).toEqual([{ n: 0 }]);
  });

  it('hand-over moves exactly the absent agent’s needs of that authority to a colleague, audited; others are refused', async () => {
    const [a, b, c] = [
      await routedNeed('parks_playgrounds_trees', '49015', 'Les bancs du parc sont cassés'),
      await routedNeed('parks_playgrounds_trees', '49015', 'La fontaine du parc fuit'),
      await routedNeed('parks_playgrounds_trees', '49015', 'Le toboggan est fendu'),
    ];
    const elsewhere = await routedNeed('waste_collection', '49015', 'Les poubelles de la gare débordent');
    await assign(a.id, ids.agentAvrille);
    await assign(b.id, ids.agentAvrille);
    await assign(c.id, ids.colleagueAvrille);
    // agentAvrille is assigned an ALM need too (an error of the past): it is not Avrillé's to hand over.
    await assign(elsewhere.id, ids.agentAvrille);
    const mineBefore = (await dataSource.query(`SELECT id FROM need WHERE assignee_id = $1 AND authority_id = $2`, [ids.agentAvrille, avrilleId])).map((row: { id: string }) => row.id).sort();

    // The colleague may not hand over someone else's needs; nor to someone outside the team.
    expect(codeOf(await call(HAND_OVER, { a: avrilleId, i: { fromPersonId: ids.agentAvrille, toPersonId: ids.colleagueAvrille } }, tokens.colleagueAvrille))).toBe('FORBIDDEN');
    expect(codeOf(await call(HAND_OVER, { a: avrilleId, i: { fromPersonId: ids.agentTierce, toPersonId: ids.colleagueAvrille } }, tokens.agentTierce))).toBe('FORBIDDEN');
    expect(fieldsOf(await call(HAND_OVER, { a: avrilleId, i: { fromPersonId: ids.agentAvrille, toPersonId: ids.agentTierce } }, tokens.agentAvrille))).toEqual(['toPersonId']);
    expect(fieldsOf(await call(HAND_OVER, { a: avrilleId, i: { fromPersonId: ids.agentAvrille, toPersonId: ids.colleagueAvrille, until: '2020-01-01' } }, tokens.agentAvrille))).toEqual(['until']);
    expect(fieldsOf(await call(HAND_OVER, { a: avrilleId, i: { fromPersonId: ids.agentAvrille, toPersonId: ids.colleagueAvrille, until: '2099-02-31' } }, tokens.agentAvrille))).toEqual(['until']);

    const moved = await call<{ handOverNeeds: { moved: number } }>(HAND_OVER, { a: avrilleId, i: { fromPersonId: ids.agentAvrille, toPersonId: ids.colleagueAvrille, until: '2099-12-31' } }, tokens.agentAvrille);
    expect(moved.errors).toBeUndefined();
    expect(moved.data!.handOverNeeds.moved).toBe(2);
    expect(mineBefore).toEqual([a.id, b.id].sort());
    expect(await assigneeOf(a.id)).toBe(ids.colleagueAvrille);
    expect(await assigneeOf(b.id)).toBe(ids.colleagueAvrille);
    expect(await assigneeOf(c.id)).toBe(ids.colleagueAvrille);
    expect(await assigneeOf(elsewhere.id)).toBe(ids.agentAvrille);
    expect(await dataSource.query(`SELECT count(*)::int AS n FROM need WHERE assignee_id = $1 AND authority_id = $2`, [ids.agentAvrille, avrilleId])).toEqual([{ n: 0 }]);
    const [audit] = await dataSource.query(`SELECT actor_id, action, subject_id, before, after FROM audit_entry WHERE action = 'team.hand_over' AND actor_id = $1`, [ids.agentAvrille]);
    expect(audit).toMatchObject({
      subject_id: avrilleId,
      before: { assigneeId: ids.agentAvrille, needIds: mineBefore },
      after: { assigneeId: ids.colleagueAvrille, needIds: mineBefore, until: '2099-12-31' },
    });
    const handovers = await call<{ authorityHandovers: unknown[] }>(`query($a: ID!) { authorityHandovers(authorityId: $a) { fromName toName until needCount } }`, { a: avrilleId }, tokens.colleagueAvrille);
    expect(handovers.data!.authorityHandovers[0]).toEqual({ fromName: names.agentAvrille, toName: names.colleagueAvrille, until: '2099-12-31', needCount: 2 });
    // An admin may hand over anyone's needs (nothing left to move here).
    expect((await call<{ handOverNeeds: { moved: number } }>(HAND_OVER, { a: avrilleId, i: { fromPersonId: ids.agentAvrille, toPersonId: ids.colleagueAvrille } }, tokens.admin)).data).toEqual({ handOverNeeds: { moved: 0 } });
    expect(fieldsOf(await call(HAND_OVER, { a: 'avrille', i: { fromPersonId: ids.agentAvrille, toPersonId: ids.colleagueAvrille } }, tokens.admin))).toEqual(['authorityId']);
  });

  it('deactivation revokes the agent role, empties their assignments and ends their staff sessions; admins only', async () => {
    const need = await routedNeed('parks_playgrounds_trees', '49015', 'Les haies du stade débordent sur le trottoir');
    await assign(need.id, ids.colleagueAvrille);
    // A new need waits for the colleague's daily digest.
    await api.get(StaffAlertsService).alertNewNeed(need.id, await latestRouting(need.id));
    expect(await dataSource.query(`SELECT count(*)::int AS n FROM staff_need_alert WHERE person_id = $1 AND sent_at IS NULL`, [ids.colleagueAvrille])).toEqual([{ n: 1 }]);
    const sessions = api.get(SessionsService);
    expect(await sessions.resolve(tokens.colleagueAvrille)).not.toBeNull();
    expect(codeOf(await call(DEACTIVATE, { p: ids.colleagueAvrille, a: avrilleId }, tokens.agentAvrille))).toBe('FORBIDDEN');
    expect(fieldsOf(await call(DEACTIVATE, { p: ids.follower, a: null }, tokens.admin))).toEqual(['personId']);

    // The three needs of the hand-over and this one.
    expect(await dataSource.query(`SELECT count(*)::int AS n FROM need WHERE assignee_id = $1`, [ids.colleagueAvrille])).toEqual([{ n: 4 }]);
    const result = await call<{ deactivateStaff: { revokedRoles: number; unassignedNeeds: number; endedSessions: number } }>(DEACTIVATE, { p: ids.colleagueAvrille, a: avrilleId }, tokens.admin);
    expect(result.errors).toBeUndefined();
    expect(result.data!.deactivateStaff).toEqual({ revokedRoles: 1, unassignedNeeds: 4, endedSessions: 1 });
    expect(await dataSource.query(`SELECT count(*)::int AS n FROM need WHERE assignee_id = $1`, [ids.colleagueAvrille])).toEqual([{ n: 0 }]);
    expect(await dataSource.query(`SELECT count(*)::int AS n FROM role_assignment WHERE person_id = $1`, [ids.colleagueAvrille])).toEqual([{ n: 0 }]);
    expect(await sessions.resolve(tokens.colleagueAvrille)).toBeNull();
    expect(await dataSource.query(`SELECT count(*)::int AS n FROM staff_need_alert WHERE person_id = $1 AND sent_at IS NULL`, [ids.colleagueAvrille])).toEqual([{ n: 0 }]);
    const staff = await call<{ authorityStaff: Array<{ id: string }> }>(STAFF, { a: avrilleId }, tokens.agentAvrille);
    expect(staff.data!.authorityStaff.map((member) => member.id)).not.toContain(ids.colleagueAvrille);
    const [audit] = await dataSource.query(`SELECT actor_id, before, after FROM audit_entry WHERE action = 'team.deactivate' AND subject_id = $1`, [ids.colleagueAvrille]);
    expect(audit).toMatchObject({ actor_id: ids.admin, before: { agentOf: [avrilleId] }, after: { agentOf: [], scope: avrilleId, unassignedNeeds: 4, endedSessions: 1 } });
    expect(audit.before.assignedNeedIds).toContain(need.id);
  });
});

describe('the daily staff digest schedule', () => {
  it('is registered at 07:30 Europe/Paris with a BullMQ job scheduler, once however many workers boot', async () => {
    // The worker boots with every job name handled exactly once (its boot check), without the schedules.
    const before = process.env.DIGEST_SCHEDULE;
    process.env.DIGEST_SCHEDULE = 'off';
    const worker = await startWorker({ consume: false, relay: false });
    const queue = worker.get(QueueBackend).jobsQueue();
    delete process.env.DIGEST_SCHEDULE;
    try {
      await worker.get(StaffDigestScheduler).onApplicationBootstrap();
      await worker.get(StaffDigestScheduler).onApplicationBootstrap();
      expect(await queue.getJobScheduler(STAFF_DIGEST_SCHEDULER_ID)).toMatchObject({ key: STAFF_DIGEST_SCHEDULER_ID, name: 'send-staff-digest', pattern: '30 7 * * *', tz: 'Europe/Paris' });
      expect((await queue.getJobSchedulers()).filter((candidate) => candidate.key === STAFF_DIGEST_SCHEDULER_ID)).toHaveLength(1);
    } finally {
      await queue.removeJobScheduler(STAFF_DIGEST_SCHEDULER_ID);
      await worker.close();
      // The files after this one share the process: leave the switch as it was.
      if (before === undefined) delete process.env.DIGEST_SCHEDULE;
      else process.env.DIGEST_SCHEDULE = before;
    }
  });
});

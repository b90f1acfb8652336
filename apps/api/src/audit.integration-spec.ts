import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { DataSource } from 'typeorm';
import { RolesService } from '@pit/accounts';
import { accountsWithRoles, DESCRIPTION, graphql, signUpResident, startApi } from '../../../tools/test/harness.js';

// Issue 5 item 8, audit trail: the older staff mutations write one audit entry each in their transaction
// (role assign/revoke, organisation verification, paper supports), admins browse the journal
// (auditEntries: filters, keyset pagination) and export it as CSV (GET /exports/audit.csv). Real api, PostgreSQL.

type Who = 'admin' | 'admin2' | 'agentA' | 'moderator' | 'resident';

const ENTRIES = /* GraphQL */ `
  query($f: AuditFilter, $first: Int, $after: String) {
    auditEntries(filter: $f, first: $first, after: $after) {
      edges { cursor node { actorId actorPseudonym action entityType entityId authorityId authorityName before after } }
      pageInfo { hasNextPage endCursor }
    }
  }`;

interface Entry {
  actorId: string | null;
  actorPseudonym: string | null;
  action: string;
  entityType: string;
  entityId: string;
  authorityId: string | null;
  authorityName: string | null;
  before: string | null;
  after: string | null;
}
type EntriesResult = { auditEntries: { edges: Array<{ cursor: string; node: Entry }>; pageInfo: { hasNextPage: boolean; endCursor: string | null } } };

describe('audit trail: older staff mutations audited, journal browsed and exported by admins', () => {
  let api: NestFastifyApplication;
  let dataSource: DataSource;
  let avrilleId: string;
  let ids = {} as Record<Who, string>;
  let tokens = {} as Record<Who, string>;
  const pseudonyms = {} as Record<Who, string>;

  const entries = (filter: Record<string, unknown>, token = tokens.admin, first = 50, after: string | null = null) =>
    graphql<EntriesResult>(api, ENTRIES, { f: filter, first, after }, { token });
  const nodes = async (filter: Record<string, unknown>) => {
    const result = await entries(filter);
    expect(result.errors).toBeUndefined();
    return result.data!.auditEntries.edges.map((edge) => edge.node);
  };
  /** Audit rows of one subject, straight from the table. */
  const rows = (subjectId: string) =>
    dataSource.query(`SELECT actor_id, action, subject_type, before, after, authority_id FROM audit_entry WHERE subject_id = $1 ORDER BY created_at, id`, [subjectId]);

  beforeAll(async () => {
    api = await startApi();
    dataSource = api.get(DataSource);
    [{ id: avrilleId }] = await dataSource.query(`SELECT id FROM authority WHERE kind = 'commune' AND code = '49015'`);
    ({ ids, tokens } = await accountsWithRoles(api, 'Journal', {
      admin: { role: 'admin' },
      admin2: { role: 'admin' },
      agentA: { role: 'agent', authorityId: avrilleId },
      moderator: { role: 'moderator' },
      resident: null,
    }));
    for (const who of Object.keys(ids) as Who[]) {
      [{ pseudonym: pseudonyms[who] }] = await dataSource.query(`SELECT pseudonym FROM person WHERE id = $1`, [ids[who]]);
    }
  });
  afterAll(async () => {
    await api?.close();
  });

  it('assignRole and revokeRole write one entry each: who, the role before and after, filed under its authority', async () => {
    const target = await signUpResident(api, 'Future médiatrice');
    const [{ id: personId }] = await dataSource.query(`SELECT id FROM person WHERE email = $1`, [target.email]);
    const assigned = await graphql<{ assignRole: { id: string } }>(
      api,
      `mutation($i: AssignRoleInput!) { assignRole(input: $i) { id } }`,
      { i: { email: target.email, role: 'MEDIATOR', authorityId: avrilleId } },
      { token: tokens.admin },
    );
    expect(assigned.errors).toBeUndefined();
    const assignmentId = assigned.data!.assignRole.id;
    expect(await rows(assignmentId)).toEqual([
      { actor_id: ids.admin, action: 'role.assign', subject_type: 'role_assignment', before: null, after: { personId, role: 'mediator', authorityId: avrilleId }, authority_id: avrilleId },
    ]);

    const revoked = await graphql(api, `mutation($a: ID!) { revokeRole(assignmentId: $a) }`, { a: assignmentId }, { token: tokens.admin2 });
    expect(revoked.errors).toBeUndefined();
    expect((await rows(assignmentId))[1]).toEqual({
      actor_id: ids.admin2,
      action: 'role.revoke',
      subject_type: 'role_assignment',
      before: { personId, role: 'mediator', authorityId: avrilleId },
      after: null,
      authority_id: avrilleId,
    });
    // A refused revoke (already gone) writes nothing.
    const again = await graphql(api, `mutation($a: ID!) { revokeRole(assignmentId: $a) }`, { a: assignmentId }, { token: tokens.admin2 });
    expect(again.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(await rows(assignmentId)).toHaveLength(2);
  });

  it('the first-admin command (admin:create) writes one role.assign entry by the system, none when the role is already there', async () => {
    const target = await signUpResident(api, 'Future admin');
    const { personId } = await api.get(RolesService).createAdmin(target.email, 'ignoré');
    await api.get(RolesService).createAdmin(target.email, 'ignoré');
    expect(
      await dataSource.query(
        `SELECT e.actor_id, e.action, e.subject_type, e.before, e.after, e.authority_id FROM audit_entry e JOIN role_assignment r ON r.id = e.subject_id WHERE r.person_id = $1`,
        [personId],
      ),
    ).toEqual([{ actor_id: null, action: 'role.assign', subject_type: 'role_assignment', before: null, after: { personId, role: 'admin', authorityId: null }, authority_id: null }]);
  });

  it('verifyOrganisation writes one entry the first time only', async () => {
    const [organisation] = await dataSource.query(
      `INSERT INTO organisation (name, kind, identifier_type, created_by) VALUES ('Amicale du journal', 'association', 'none', $1) RETURNING id`,
      [ids.resident],
    );
    const verify = () => graphql(api, `mutation($o: ID!) { verifyOrganisation(organisationId: $o) { id } }`, { o: organisation.id }, { token: tokens.admin });
    expect((await verify()).errors).toBeUndefined();
    expect((await verify()).errors).toBeUndefined();
    const [{ verified_at: verifiedAt }] = await dataSource.query(`SELECT verified_at FROM organisation WHERE id = $1`, [organisation.id]);
    expect(await rows(organisation.id)).toEqual([
      {
        actor_id: ids.admin,
        action: 'organisation.verify',
        subject_type: 'organisation',
        before: { verifiedAt: null, verifiedBy: null },
        after: { verifiedAt: verifiedAt.toISOString(), verifiedBy: ids.admin },
        authority_id: null,
      },
    ]);
  });

  it('recordPaperSupport writes one entry per support with the paper total before and after, filed under the need’s authority', async () => {
    const submitted = await graphql<{ submitNeed: { id: string } }>(
      api,
      `mutation($i: SubmitNeedInput!) { submitNeed(input: $i) { id } }`,
      { i: { title: 'Un banc devant la mairie du journal', description: DESCRIPTION, categoryKey: 'schools', communeCode: '49015' } },
      { token: tokens.resident },
    );
    const needId = submitted.data!.submitNeed.id;
    await dataSource.query(`UPDATE need SET authority_id = $2, status = 'transmitted' WHERE id = $1`, [needId, avrilleId]);
    const record = (name: string, signatureSeen = true) =>
      graphql(
        api,
        `mutation($i: PaperSupportInput!) { recordPaperSupport(input: $i) { supportCount } }`,
        { i: { needId, name, birthYear: 1970, communeCode: '49015', signatureSeen } },
        { token: tokens.admin },
      );
    expect((await record('Marie Journal')).errors).toBeUndefined();
    expect((await record('Paul Journal')).errors).toBeUndefined();
    const audit = (await rows(needId)).map((row: { after: Record<string, unknown> }) => ({ ...row, after: { ...row.after, paperSupportId: typeof row.after.paperSupportId } }));
    expect(audit).toEqual([
      {
        actor_id: ids.admin,
        action: 'need.paper_supports',
        subject_type: 'need',
        before: { paperSupports: 0 },
        after: { paperSupports: 1, added: 1, paperSupportId: 'string' },
        authority_id: avrilleId,
      },
      { actor_id: ids.admin, action: 'need.paper_supports', subject_type: 'need', before: { paperSupports: 1 }, after: { paperSupports: 2, added: 1, paperSupportId: 'string' }, authority_id: avrilleId },
    ]);
    // Refused input writes nothing.
    expect((await record('Luc Journal', false)).errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(await rows(needId)).toHaveLength(2);
  });

  it('auditEntries filters by actor, action (or family), entity type and id, authority and time, newest first', async () => {
    const byAdmin2 = await nodes({ actorId: ids.admin2 });
    expect(byAdmin2.map((entry) => [entry.actorPseudonym, entry.action, entry.entityType, entry.authorityName])).toEqual([
      [pseudonyms.admin2, 'role.revoke', 'role_assignment', 'Avrillé'],
    ]);
    const byAdmin = await nodes({ actorId: ids.admin });
    expect(byAdmin.map((entry) => entry.action)).toEqual(['need.paper_supports', 'need.paper_supports', 'organisation.verify', 'role.assign']);
    expect((await nodes({ actorId: ids.admin, action: 'need.*' })).map((entry) => entry.action)).toEqual(['need.paper_supports', 'need.paper_supports']);
    expect((await nodes({ actorId: ids.admin, action: 'role.assign', entityType: 'role_assignment' })).map((entry) => entry.action)).toEqual(['role.assign']);
    const verified = byAdmin[2]!;
    expect(await nodes({ entityId: verified.entityId })).toEqual([verified]);
    expect(JSON.parse(verified.before!)).toEqual({ verifiedAt: null, verifiedBy: null });
    expect((await nodes({ actorId: ids.admin, authorityId: avrilleId })).map((entry) => entry.action)).toEqual(['need.paper_supports', 'need.paper_supports', 'role.assign']);
    expect(await nodes({ actorId: ids.admin, to: '2000-01-01T00:00:00Z' })).toEqual([]);
    expect(await nodes({ actorId: ids.admin, from: new Date(Date.now() + 3_600_000).toISOString() })).toEqual([]);
    expect(await nodes({ actorId: ids.admin, from: '2000-01-01T00:00:00Z' })).toHaveLength(4);
  });

  it('auditEntries pages by keyset without gaps or repeats', async () => {
    const seen: string[] = [];
    let after: string | null = null;
    let pages = 0;
    for (;;) {
      const result = await entries({ actorId: ids.admin }, tokens.admin, 3, after);
      expect(result.errors).toBeUndefined();
      seen.push(...result.data!.auditEntries.edges.map((edge) => edge.node.action));
      pages += 1;
      if (!result.data!.auditEntries.pageInfo.hasNextPage) break;
      after = result.data!.auditEntries.pageInfo.endCursor;
    }
    expect({ pages, seen }).toEqual({ pages: 2, seen: ['need.paper_supports', 'need.paper_supports', 'organisation.verify', 'role.assign'] });
  });

  it('refuses bad filters naming the field, and everyone but admins', async () => {
    const bad = await entries({ actorId: 'quelqu’un', action: 'DROP TABLE' });
    expect(bad.errors?.[0]?.extensions).toEqual({
      code: 'BAD_USER_INPUT',
      fields: [
        { field: 'filter.actorId', message: 'Cet identifiant n’est pas valide.' },
        { field: 'filter.action', message: 'Indiquez une action comme need.status, ou une famille comme need.*.' },
      ],
    });
    const badRange = await entries({ from: '2026-02-01T00:00:00Z', to: '2026-01-01T00:00:00Z' });
    expect(badRange.errors?.[0]?.extensions?.fields).toEqual([{ field: 'filter.to', message: 'La date de fin précède la date de début.' }]);
    const tooMany = await entries({}, tokens.admin, 0);
    expect(tooMany.errors?.[0], JSON.stringify(tooMany)).toMatchObject({ extensions: { fields: [{ field: 'first', message: 'Demandez entre 1 et 200 entrées.' }] } });
    for (const who of ['agentA', 'moderator', 'resident'] as const) {
      expect((await entries({}, tokens[who])).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    }
    expect((await graphql(api, ENTRIES, {})).errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('exports the filtered journal as CSV: BOM, header, RFC 4180 quoting, admins only', async () => {
    const get = (query: string, token: string | null) =>
      api.inject({ method: 'GET', url: `/exports/audit.csv?${query}`, headers: token ? { authorization: `Bearer ${token}` } : {} });
    const response = await get(`actorId=${ids.admin2}`, tokens.admin);
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(response.headers['content-disposition']).toMatch(/^attachment; filename="journal-\d{4}-\d{2}-\d{2}\.csv"$/);
    const [entry] = await nodes({ actorId: ids.admin2 });
    // jsonb keeps keys shortest first.
    const [{ at }] = await dataSource.query(
      `SELECT to_char(created_at AT TIME ZONE 'Europe/Paris', 'YYYY-MM-DD HH24:MI:SS') AS at FROM audit_entry WHERE actor_id = $1`,
      [ids.admin2],
    );
    const personId = JSON.parse(entry!.before!).personId;
    expect(response.body).toBe(
      '\uFEFFDate,Auteur,Identifiant de l\'auteur,Action,Type d\'objet,Identifiant de l\'objet,Collectivité,Avant,Après\r\n' +
        `${at},${pseudonyms.admin2},${ids.admin2},role.revoke,role_assignment,${entry!.entityId},Avrillé,"{""role"":""mediator"",""personId"":""${personId}"",""authorityId"":""${avrilleId}""}",\r\n`,
    );
    expect((await get(`actorId=${ids.admin}&action=need.*`, tokens.admin)).body.split('\r\n')).toHaveLength(4);
    expect((await get('', tokens.agentA)).statusCode).toBe(403);
    expect((await get('', null)).statusCode).toBe(401);
    const bad = await get('from=hier', tokens.admin);
    expect({ status: bad.statusCode, body: bad.json() }).toEqual({ status: 400, body: { message: 'Cette date n’est pas valide.' } });
  });
});

import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { DataSource } from 'typeorm';
import { SessionsService } from '@pit/accounts';
import { graphql, signUpResident, startApi } from '../../../tools/test/harness.js';

// Issue 5 item 1: an authority's inbox (filters, search, sorts with keyset pagination, counts) through
// the real api and PostgreSQL. The needs are seeded with SQL: explicit ids (one random prefix per run,
// so ties between equal sort keys break in a known order), dates, supports, engagement, assignees.
// Every title carries this run's word, searched with q, so needs of other test files never show.

const INBOX = /* GraphQL */ `
  query($a: ID!, $f: InboxFilter, $q: String, $s: InboxSort, $first: Int, $after: String) {
    authorityInbox(authorityId: $a, filter: $f, q: $q, sort: $s, first: $first, after: $after) {
      totalCount
      pageInfo { hasNextPage endCursor }
      edges { cursor node { reference title } }
    }
  }`;
const ITEM = /* GraphQL */ `
  query($a: ID!, $q: String) {
    authorityInbox(authorityId: $a, q: $q, first: 100) {
      edges { node {
        id reference title status statusLabel category { key theme { key } } commune { code name } createdAt
        supportCount thresholdReached overdue answerDueAt channel channelLabel assignee { id pseudonym } coAssigned
      } }
    }
  }`;
const COUNTS = /* GraphQL */ `
  query($a: ID!) {
    authorityInboxCounts(authorityId: $a) { total overdue unassigned thresholdReached byStatus { status label count } }
  }`;

type Page = { totalCount: number; pageInfo: { hasNextPage: boolean; endCursor: string | null }; edges: Array<{ cursor: string; node: { reference: string; title: string } }> };
type Errors = { errors?: Array<{ extensions?: { code?: string; fields?: Array<{ field: string; message: string }> } }> };
const failure = (result: Errors) => ({ code: result.errors?.[0]?.extensions?.code, fields: result.errors?.[0]?.extensions?.fields });

const ALPHABET = '23456789ABCDEFGHJKMNPQRSTVWXYZ';
const DAY = 24 * 3600 * 1000;

describe('authorityInbox and authorityInboxCounts', () => {
  let api: NestFastifyApplication;
  let dataSource: DataSource;
  let almId: string;
  let avrilleId: string;
  const tokens = {} as Record<'alm' | 'colleague' | 'avrille' | 'admin' | 'resident', string>;
  const ids = {} as Record<keyof typeof tokens, string>;
  // This run's word, in every seeded title.
  const word = `zq${randomBytes(4).toString('hex').replace(/\d/g, (digit) => 'abcdefghij'[Number(digit)]!)}`;
  const prefix = randomBytes(4).toString('hex');
  const refs = {} as Record<'n1' | 'n2' | 'n3' | 'n4' | 'n5' | 'n6' | 'n7', string>;
  const now = Date.now();

  const seed = async (
    key: keyof typeof refs,
    row: {
      title: string;
      status: string;
      authorityId: string;
      communeCode: string;
      categoryKey: string;
      daysAgo: number;
      channel?: string;
      assigneeId?: string | null;
      dueInDays?: number | null;
      answered?: boolean;
      supports?: number;
      engaged?: boolean;
    },
  ) => {
    const id = `${prefix}-0000-4000-8000-00000000000${key.slice(1)}`;
    refs[key] = `B-${[...randomBytes(6)].map((byte) => ALPHABET[byte % ALPHABET.length]).join('')}`;
    await dataSource.query(
      `INSERT INTO need (id, reference, title, description, category_key, commune_code, status, authority_id, created_at, channel, assignee_id, answer_due_at, first_answer_at)
       VALUES ($1, $2, $3, 'Une description suffisamment longue pour être acceptée par la plateforme.', $4, $5, $6, $7, $8, $9, $10, $11, $12)`,
      [
        id, refs[key], `${row.title} ${word}`, row.categoryKey, row.communeCode, row.status, row.authorityId,
        new Date(now - row.daysAgo * DAY), row.channel ?? 'web', row.assigneeId ?? null,
        row.dueInDays === undefined || row.dueInDays === null ? null : new Date(now + row.dueInDays * DAY),
        row.answered ? new Date(now - DAY) : null,
      ],
    );
    if (row.supports) await dataSource.query(`INSERT INTO need_support_tally (need_id, shard, supports) VALUES ($1, 0, $2)`, [id, row.supports]);
    if (row.engaged) await dataSource.query(`INSERT INTO need_engagement (need_id, threshold_reached_at, answer_due_at) VALUES ($1, now() - interval '1 day', now() + interval '59 days')`, [id]);
    return id;
  };

  const inbox = (variables: Record<string, unknown>, token: string | null = tokens.alm) =>
    graphql<{ authorityInbox: Page }>(api, INBOX, { a: almId, q: word, ...variables }, { token });
  const titles = (result: { data?: { authorityInbox: Page } | null }) => result.data!.authorityInbox.edges.map((edge) => edge.node.title.replace(` ${word}`, ''));
  /** Every page of a sort, `first` at a time: the titles of each page. */
  const pages = async (sort: string, first: number) => {
    const seen: string[][] = [];
    let after: string | null = null;
    for (;;) {
      const result = await inbox({ s: sort, first, after });
      expect(result.errors).toBeUndefined();
      seen.push(titles(result));
      if (!result.data!.authorityInbox.pageInfo.hasNextPage) return seen;
      after = result.data!.authorityInbox.pageInfo.endCursor;
    }
  };

  beforeAll(async () => {
    api = await startApi();
    dataSource = api.get(DataSource);
    [{ id: almId }] = await dataSource.query(`SELECT id FROM authority WHERE kind = 'epci' AND code = '244900015'`);
    [{ id: avrilleId }] = await dataSource.query(`SELECT id FROM authority WHERE kind = 'commune' AND code = '49015'`);
    // Roles written straight in SQL (before the sessions open): this file tests reading, not granting.
    const plan = { alm: almId, colleague: almId, avrille: avrilleId, admin: 'admin', resident: null } as const;
    for (const [who, grant] of Object.entries(plan) as Array<[keyof typeof tokens, string | null]>) {
      const account = await signUpResident(api, `Boîte ${who}`);
      [{ id: ids[who] }] = await dataSource.query(`SELECT id FROM person WHERE email = $1`, [account.email]);
      if (grant === 'admin') await dataSource.query(`INSERT INTO role_assignment (person_id, role) VALUES ($1, 'admin')`, [ids[who]]);
      else if (grant) await dataSource.query(`INSERT INTO role_assignment (person_id, role, authority_id) VALUES ($1, 'agent', $2)`, [ids[who], grant]);
      tokens[who] = await dataSource.transaction(async (manager) => (await api.get(SessionsService).create(manager, ids[who], 'password', { clientIp: null, userAgent: null })).token);
    }
    await seed('n1', { title: 'Bac de tri débordé', status: 'transmitted', authorityId: almId, communeCode: '49007', categoryKey: 'waste_collection', daysAgo: 5, assigneeId: ids.alm, dueInDays: null, supports: 3 });
    await seed('n2', { title: 'Éclairage public en panne', status: 'transmitted', authorityId: almId, communeCode: '49015', categoryKey: 'street_lighting', daysAgo: 4, channel: 'guichet', dueInDays: -2, supports: 1 });
    const n3 = await seed('n3', {
      title: 'Trottoirs abîmés rue Bressigny', status: 'accepted', authorityId: almId, communeCode: '49007', categoryKey: 'roads', daysAgo: 3, channel: 'telephone',
      assigneeId: ids.colleague, dueInDays: 30, answered: true, supports: 50, engaged: true,
    });
    await seed('n4', { title: 'Composteur collectif', status: 'done', authorityId: almId, communeCode: '49015', categoryKey: 'waste_collection', daysAgo: 2, dueInDays: null, answered: true });
    const n5 = await seed('n5', { title: 'Arrêt de bus sans abri', status: 'transmitted', authorityId: avrilleId, communeCode: '49015', categoryKey: 'public_transport_cycling', daysAgo: 1, dueInDays: 20, supports: 2 });
    await dataSource.query(`INSERT INTO need_co_assignment (need_id, authority_id, reason) VALUES ($1, $2, 'Le réseau de bus relève de la métropole.')`, [n5, almId]);
    await seed('n6', { title: 'Besoin non confirmé', status: 'pending_confirmation', authorityId: almId, communeCode: '49007', categoryKey: 'roads', daysAgo: 1 });
    await seed('n7', { title: 'Cour d’école sans ombre', status: 'transmitted', authorityId: avrilleId, communeCode: '49015', categoryKey: 'schools', daysAgo: 0.5, dueInDays: 25 });
    expect(n3).toBe(`${prefix}-0000-4000-8000-000000000003`);
  });
  afterAll(async () => {
    // Other files share this database (e.g. similar needs ranks Avrillé's street-lighting needs): leave none behind.
    await dataSource?.query(`DELETE FROM need WHERE reference = ANY($1::text[])`, [Object.values(refs)]);
    await api?.close();
  });

  it('shows an ALM agent the needs ALM is in charge of or co-assigned, never those awaiting confirmation nor Avrillé’s own', async () => {
    const result = await inbox({});
    expect(result.errors).toBeUndefined();
    expect(result.data!.authorityInbox.totalCount).toBe(5);
    expect(titles(result)).toEqual(['Arrêt de bus sans abri', 'Composteur collectif', 'Trottoirs abîmés rue Bressigny', 'Éclairage public en panne', 'Bac de tri débordé']);
    // Avrillé's agent sees Avrillé's needs, the co-assigned one included.
    expect(titles(await inbox({ a: avrilleId }, tokens.avrille))).toEqual(['Cour d’école sans ombre', 'Arrêt de bus sans abri']);
  });

  it('gives each row what the table needs, staff fields included', async () => {
    const result = await graphql<{ authorityInbox: { edges: Array<{ node: Record<string, unknown> }> } }>(api, ITEM, { a: almId, q: word }, { token: tokens.alm });
    expect(result.errors).toBeUndefined();
    const [pseudonym] = await dataSource.query(`SELECT pseudonym FROM person WHERE id = $1`, [ids.colleague]);
    const byTitle = Object.fromEntries(result.data!.authorityInbox.edges.map(({ node }) => [String(node.title).replace(` ${word}`, ''), node]));
    expect(byTitle['Trottoirs abîmés rue Bressigny']).toEqual({
      id: `${prefix}-0000-4000-8000-000000000003`,
      reference: refs.n3,
      title: `Trottoirs abîmés rue Bressigny ${word}`,
      status: 'ACCEPTED',
      statusLabel: 'accepté',
      category: { key: 'roads', theme: { key: 'roads_parking' } },
      commune: { code: '49007', name: 'Angers' },
      createdAt: new Date(now - 3 * DAY).toISOString(),
      supportCount: 50,
      thresholdReached: true,
      overdue: false,
      answerDueAt: new Date(now + 30 * DAY).toISOString(),
      channel: 'TELEPHONE',
      channelLabel: 'Téléphone',
      assignee: { id: ids.colleague, pseudonym: pseudonym.pseudonym },
      coAssigned: false,
    });
    expect(byTitle['Éclairage public en panne']).toMatchObject({ overdue: true, thresholdReached: false, supportCount: 1, channel: 'GUICHET', channelLabel: 'Guichet de mairie', assignee: null });
    expect(byTitle['Arrêt de bus sans abri']).toMatchObject({ coAssigned: true, commune: { code: '49015', name: 'Avrillé' } });
    expect(byTitle['Bac de tri débordé']).toMatchObject({ answerDueAt: null, assignee: { id: ids.alm } });
  });

  it('filters by statuses, theme, category, commune, overdue, threshold, assignee and channel', async () => {
    const filtered = async (f: Record<string, unknown>, token = tokens.alm) => {
      const result = await inbox({ f }, token);
      expect(result.errors).toBeUndefined();
      return titles(result);
    };
    expect(await filtered({ statuses: ['TRANSMITTED'] })).toEqual(['Arrêt de bus sans abri', 'Éclairage public en panne', 'Bac de tri débordé']);
    expect(await filtered({ statuses: ['ACCEPTED', 'DONE'] })).toEqual(['Composteur collectif', 'Trottoirs abîmés rue Bressigny']);
    expect(await filtered({ themeKey: 'waste' })).toEqual(['Composteur collectif', 'Bac de tri débordé']);
    expect(await filtered({ categoryKey: 'street_lighting' })).toEqual(['Éclairage public en panne']);
    expect(await filtered({ communeCode: '49007' })).toEqual(['Trottoirs abîmés rue Bressigny', 'Bac de tri débordé']);
    expect(await filtered({ overdue: true })).toEqual(['Éclairage public en panne']);
    expect(await filtered({ overdue: false })).toEqual(['Arrêt de bus sans abri', 'Composteur collectif', 'Trottoirs abîmés rue Bressigny', 'Bac de tri débordé']);
    expect(await filtered({ thresholdReached: true })).toEqual(['Trottoirs abîmés rue Bressigny']);
    expect(await filtered({ thresholdReached: false })).toEqual(['Arrêt de bus sans abri', 'Composteur collectif', 'Éclairage public en panne', 'Bac de tri débordé']);
    expect(await filtered({ assignee: 'ME' })).toEqual(['Bac de tri débordé']);
    expect(await filtered({ assignee: 'ME' }, tokens.colleague)).toEqual(['Trottoirs abîmés rue Bressigny']);
    expect(await filtered({ assignee: 'ME' }, tokens.admin)).toEqual([]);
    expect(await filtered({ assignee: 'NONE' })).toEqual(['Arrêt de bus sans abri', 'Composteur collectif', 'Éclairage public en panne']);
    expect(await filtered({ assignee: ids.colleague })).toEqual(['Trottoirs abîmés rue Bressigny']);
    expect(await filtered({ channel: 'GUICHET' })).toEqual(['Éclairage public en panne']);
    expect(await filtered({ channel: 'WEB', statuses: ['TRANSMITTED'], communeCode: '49015' })).toEqual(['Arrêt de bus sans abri']);
    const counted = await inbox({ f: { statuses: ['TRANSMITTED'] }, first: 1 });
    expect(counted.data!.authorityInbox.totalCount).toBe(3);
    expect(counted.data!.authorityInbox.edges).toHaveLength(1);
  });

  it('searches in French like the public list: stemming and accents ignored, every word required', async () => {
    const search = async (q: string) => titles(await inbox({ q: `${q} ${word}` }));
    expect(await search('trottoir')).toEqual(['Trottoirs abîmés rue Bressigny']);
    expect(await search('eclairage')).toEqual(['Éclairage public en panne']);
    expect(await search('bus abri')).toEqual(['Arrêt de bus sans abri']);
    expect(await search('bus trottoir')).toEqual([]);
    // Pending confirmation stays out even when searched for.
    expect(await search('confirmé')).toEqual([]);
  });

  it('sorts newest, oldest, most supported and due soonest, each paginated by keyset', async () => {
    expect(await pages('NEWEST', 2)).toEqual([
      ['Arrêt de bus sans abri', 'Composteur collectif'],
      ['Trottoirs abîmés rue Bressigny', 'Éclairage public en panne'],
      ['Bac de tri débordé'],
    ]);
    expect(await pages('OLDEST', 2)).toEqual([
      ['Bac de tri débordé', 'Éclairage public en panne'],
      ['Trottoirs abîmés rue Bressigny', 'Composteur collectif'],
      ['Arrêt de bus sans abri'],
    ]);
    expect(await pages('MOST_SUPPORTED', 2)).toEqual([
      ['Trottoirs abîmés rue Bressigny', 'Bac de tri débordé'],
      ['Arrêt de bus sans abri', 'Éclairage public en panne'],
      ['Composteur collectif'],
    ]);
    // Needs without a due date last, by id (n1 before n4); the third page starts after one of them.
    expect(await pages('DUE_SOONEST', 2)).toEqual([
      ['Éclairage public en panne', 'Arrêt de bus sans abri'],
      ['Trottoirs abîmés rue Bressigny', 'Bac de tri débordé'],
      ['Composteur collectif'],
    ]);
    expect(await pages('DUE_SOONEST', 1)).toEqual([
      ['Éclairage public en panne'],
      ['Arrêt de bus sans abri'],
      ['Trottoirs abîmés rue Bressigny'],
      ['Bac de tri débordé'],
      ['Composteur collectif'],
    ]);
  });

  it('refuses a cursor of another sort, a forged cursor and filter values outside their lists, naming the field', async () => {
    const first = await inbox({ s: 'NEWEST', first: 1 });
    const cursor = first.data!.authorityInbox.pageInfo.endCursor;
    const message = "Ce curseur de pagination n'est pas valide : repartez de la première page.";
    expect(failure(await inbox({ s: 'OLDEST', after: cursor }))).toEqual({ code: 'BAD_USER_INPUT', fields: [{ field: 'after', message }] });
    expect(failure(await inbox({ after: Buffer.from("inbox|newest|x'); --|y").toString('base64url') }))).toEqual({ code: 'BAD_USER_INPUT', fields: [{ field: 'after', message }] });
    expect(failure(await inbox({ f: { assignee: 'lui' } }))).toEqual({
      code: 'BAD_USER_INPUT',
      fields: [{ field: 'filter.assignee', message: 'Choisissez « moi », « personne » ou un agent de la liste.' }],
    });
    expect(failure(await inbox({ f: { statuses: ['PENDING_CONFIRMATION'], communeCode: 'abc' } }))).toEqual({
      code: 'BAD_USER_INPUT',
      fields: [
        { field: 'filter.statuses', message: 'Choisissez les statuts dans la liste.' },
        { field: 'filter.communeCode', message: 'Le code commune compte 5 caractères.' },
      ],
    });
  });

  it('counts a whole inbox by status, with the overdue, unassigned and threshold ones, ', async () => {
    // A fresh body of its own, so that needs of other test files never count.
    const [body] = await dataSource.query(
      `INSERT INTO authority (kind, code, name, phrase_de) VALUES ('external', $1, 'Syndicat de la boîte', 'du Syndicat de la boîte') RETURNING id`,
      [`boite-${prefix}`],
    );
    const moveToBody = (keys: Array<keyof typeof refs>) => dataSource.query(`UPDATE need SET authority_id = $1 WHERE reference = ANY($2)`, [body.id, keys.map((key) => refs[key])]);
    const empty = await graphql<{ authorityInboxCounts: Record<string, unknown> }>(api, COUNTS, { a: body.id }, { token: tokens.admin });
    expect(empty.data!.authorityInboxCounts).toMatchObject({ total: 0, overdue: 0, unassigned: 0, thresholdReached: 0 });
    await moveToBody(['n1', 'n2', 'n3', 'n4', 'n6']);
    // Avrillé's n7, co-assigned to the body, counts in its inbox too.
    await dataSource.query(`INSERT INTO need_co_assignment (need_id, authority_id, reason) SELECT id, $1, 'Le syndicat gère l’ombrage des cours.' FROM need WHERE reference = $2`, [body.id, refs.n7]);
    try {
      const result = await graphql<{ authorityInboxCounts: { byStatus: Array<{ status: string; label: string; count: number }> } & Record<string, unknown> }>(
        api,
        COUNTS,
        { a: body.id },
        { token: tokens.admin },
      );
      expect(result.errors).toBeUndefined();
      const counts = result.data!.authorityInboxCounts;
      expect({ ...counts, byStatus: counts.byStatus.filter((row) => row.count > 0) }).toEqual({
        total: 5,
        overdue: 1,
        unassigned: 3,
        thresholdReached: 1,
        byStatus: [
          { status: 'TRANSMITTED', label: 'transmis', count: 3 },
          { status: 'ACCEPTED', label: 'accepté', count: 1 },
          { status: 'DONE', label: 'réalisé', count: 1 },
        ],
      });
      expect(counts.byStatus.map((row) => row.status)).toEqual([
        'RECEIVED', 'TRANSMITTED', 'UNDER_STUDY', 'ACCEPTED', 'PLANNED', 'IN_PROGRESS', 'DONE', 'REFUSED', 'DUPLICATE', 'OUT_OF_SCOPE', 'HIDDEN', 'WITHDRAWN',
      ]);
    } finally {
      await dataSource.query(`UPDATE need SET authority_id = $1 WHERE reference = ANY($2)`, [almId, [refs.n1, refs.n2, refs.n3, refs.n4, refs.n6]]);
      // Other files (and the e2e stack in CI) share this database: the body goes with its co-assignment.
      await dataSource.query(`DELETE FROM authority WHERE id = $1`, [body.id]);
    }
  });

  it('refuses another authority’s agents, residents and anonymous visitors', async () => {
    for (const [token, code] of [
      [tokens.avrille, 'FORBIDDEN'],
      [tokens.resident, 'FORBIDDEN'],
      [null, 'UNAUTHENTICATED'],
    ] as const) {
      expect(failure(await inbox({}, token)).code).toBe(code);
      expect(failure(await graphql(api, COUNTS, { a: almId }, { token })).code).toBe(code);
    }
    // ALM's agent may not read Avrillé's inbox, even though one of its needs is co-assigned to ALM.
    expect(failure(await inbox({ a: avrilleId })).code).toBe('FORBIDDEN');
    expect(failure(await graphql(api, COUNTS, { a: avrilleId }, { token: tokens.alm })).code).toBe('FORBIDDEN');
    // Admins read any inbox.
    expect(titles(await inbox({}, tokens.admin))).toHaveLength(5);
  });
});

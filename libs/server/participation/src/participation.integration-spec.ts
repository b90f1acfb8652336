import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { DataSource } from 'typeorm';
import { referenceFromBytes } from '@pit/domain';
import { AuditService, loadConfig } from '@pit/core';
import { SessionsService, type Actor } from '@pit/accounts';
import { graphql, startApi } from '../../../../tools/test/harness.js';
import { ParticipationService } from './participation.service.js';

type Person = Actor;

/** Runs `tasks` with at most `size` in flight; answers their results in order. */
async function pool<T>(tasks: Array<() => Promise<T>>, size: number): Promise<T[]> {
  const results = new Array<T>(tasks.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: size }, async () => {
      while (next < tasks.length) {
        const index = next++;
        results[index] = await tasks[index]!();
      }
    }),
  );
  return results;
}

describe('participation: supports, paper supports, backings, follows, threshold', () => {
  let api: NestFastifyApplication;
  let dataSource: DataSource;
  let service: ParticipationService;
  let avrilleId: string;
  let tierceId: string;
  let author: Person;
  let counter = 0;

  const unique = () => `${Date.now().toString(36)}${++counter}${randomBytes(2).toString('hex')}`;

  const people = async (count: number, name = 'Soutien'): Promise<Person[]> => {
    const prefix = `${name} ${unique()}`;
    const rows: Array<{ id: string; pseudonym: string }> = await dataSource.query(
      `INSERT INTO person (pseudonym, pseudonym_key) SELECT $1 || ' ' || i, lower($1 || ' ' || i) FROM generate_series(1, $2::int) AS i RETURNING id, pseudonym`,
      [prefix, count],
    );
    return rows.map((row) => ({ personId: row.id, pseudonym: row.pseudonym, sessionId: '00000000-0000-4000-8000-000000000000', roles: [] }));
  };

  const need = async ({ status = 'transmitted', authorityId = avrilleId as string | null, authorId = author.personId as string | null } = {}): Promise<{ id: string; reference: string }> => {
    const bytes = randomBytes(32);
    let index = 0;
    const reference = referenceFromBytes(() => bytes[index++]!);
    const [row] = await dataSource.query(
      `INSERT INTO need (reference, title, description, category_key, commune_code, status, author_id, authority_id)
       VALUES ($1, 'Un besoin à soutenir', 'Une description suffisamment longue pour ce besoin de test.', 'schools', '49015', $2, $3, $4) RETURNING id, reference`,
      [reference, status, authorId, authorityId],
    );
    return row;
  };

  const tally = async (needId: string) =>
    (await dataSource.query(`SELECT COALESCE(sum(supports), 0)::int AS n FROM need_support_tally WHERE need_id = $1`, [needId]))[0].n as number;
  const rows = async (needId: string) => (await dataSource.query(`SELECT count(*)::int AS n FROM need_support WHERE need_id = $1`, [needId]))[0].n as number;
  const engagements = async (needId: string) =>
    dataSource.query(
      `SELECT (answer_due_at - threshold_reached_at)::text AS delay FROM need_engagement WHERE need_id = $1`,
      [needId],
    ) as Promise<Array<{ delay: string }>>;
  const tokenFor = async (personId: string) =>
    dataSource.transaction(async (manager) => (await api.get(SessionsService).create(manager, personId, 'password', { clientIp: null, userAgent: null })).token);
  const errorOf = (promise: Promise<unknown>) =>
    promise.then(
      () => null,
      (error: { extensions?: { code?: string; fields?: unknown } }) => ({ code: error.extensions?.code, fields: error.extensions?.fields }),
    );

  beforeAll(async () => {
    api = await startApi();
    dataSource = api.get(DataSource);
    service = api.get(ParticipationService);
    [{ id: avrilleId }] = await dataSource.query(`SELECT id FROM authority WHERE kind = 'commune' AND code = '49015'`);
    [{ id: tierceId }] = await dataSource.query(`SELECT id FROM authority WHERE kind = 'commune' AND code = '49347'`);
    [author] = await people(1, 'Auteur');
  });
  afterAll(async () => {
    await api?.close();
  });

  it('counts one support per person, answers the same state when supporting twice, and withdraws', async () => {
    const { id } = await need();
    const [alice, bruno] = await people(2);
    expect(await service.supportNeed(alice!, id)).toMatchObject({ supportCount: 1, viewerSupports: true, viewerFollows: false });
    expect(await service.supportNeed(alice!, id)).toMatchObject({ supportCount: 1, viewerSupports: true });
    expect(await service.supportNeed(bruno!, id)).toMatchObject({ supportCount: 2, viewerSupports: true });
    expect(await service.withdrawSupport(alice!, id)).toMatchObject({ supportCount: 1, viewerSupports: false });
    expect(await service.withdrawSupport(alice!, id)).toMatchObject({ supportCount: 1, viewerSupports: false });
    expect(await tally(id)).toBe(1);
    expect(await rows(id)).toBe(1);
  });

  it('refuses supports on needs that are not public, withdrawn, closed, or one’s own, naming the field', async () => {
    const [someone] = await people(1);
    const message = (status: string) => need({ status }).then(({ id }) => errorOf(service.supportNeed(someone!, id)));
    expect(await message('pending_confirmation')).toEqual({ code: 'BAD_USER_INPUT', fields: [{ field: 'needId', message: "Ce besoin n'existe pas ou n'est pas public." }] });
    expect(await message('hidden')).toEqual({ code: 'BAD_USER_INPUT', fields: [{ field: 'needId', message: "Ce besoin n'existe pas ou n'est pas public." }] });
    expect(await message('withdrawn')).toEqual({ code: 'BAD_USER_INPUT', fields: [{ field: 'needId', message: 'Son auteur a retiré ce besoin : il ne peut plus être soutenu.' }] });
    expect(await message('duplicate')).toEqual({ code: 'BAD_USER_INPUT', fields: [{ field: 'needId', message: "Ce besoin est un doublon : soutenez plutôt le besoin d'origine." }] });
    expect(await message('done')).toEqual({ code: 'BAD_USER_INPUT', fields: [{ field: 'needId', message: 'Ce besoin est clos : il ne peut plus être soutenu.' }] });
    const own = await need();
    expect(await errorOf(service.supportNeed(author, own.id))).toEqual({
      code: 'BAD_USER_INPUT',
      fields: [{ field: 'needId', message: 'Vous avez déposé ce besoin : vous ne pouvez pas le soutenir vous-même.' }],
    });
    expect(await errorOf(service.supportNeed(someone!, 'pas-un-uuid'))).toEqual({
      code: 'BAD_USER_INPUT',
      fields: [{ field: 'needId', message: "Ce besoin n'existe pas ou n'est pas public." }],
    });
  });

  it('keeps the count exact under 10,000 concurrent support requests with duplicates (2,500 residents × 4)', async () => {
    const { id } = await need();
    const residents = await people(2500);
    // A share goes through GraphQL (the api's own pool): 100 residents × 4 requests.
    const viaGraphql = new Map<string, string>();
    for (const resident of residents.slice(0, 100)) viaGraphql.set(resident.personId, await tokenFor(resident.personId));
    // The service through a data source of 50 connections: 50 requests in flight at any time.
    const wide = new DataSource({ type: 'postgres', url: process.env.DATABASE_URL!, extra: { max: 50, application_name: 'pit-support-10k' } });
    await wide.initialize();
    const wideService = new ParticipationService(wide, new AuditService(), loadConfig());
    try {
      // Interleaved: round 1 of everyone, then round 2… so duplicates race with their first request.
      const tasks = [1, 2, 3, 4].flatMap(() =>
        residents.map((resident) => async () => {
          const token = viaGraphql.get(resident.personId);
          if (!token) return (await wideService.supportNeed(resident, id)).viewerSupports;
          const result = await graphql<{ supportNeed: { viewerSupports: boolean } }>(api, `mutation($n: ID!) { supportNeed(needId: $n) { viewerSupports } }`, { n: id }, { token });
          if (!result.data) throw new Error(JSON.stringify(result.errors));
          return result.data.supportNeed.viewerSupports;
        }),
      );
      expect(tasks).toHaveLength(10_000);
      const started = performance.now();
      const answers = await pool(tasks, 60);
      const seconds = (performance.now() - started) / 1000;
      console.log(`[10k supports] 10000 requests (2500 distinct residents, 400 through GraphQL) in ${seconds.toFixed(1)} s`);
      expect(answers.every(Boolean)).toBe(true);
    } finally {
      await wide.destroy();
    }
    expect(await tally(id)).toBe(2500);
    expect(await rows(id)).toBe(2500);
    const [duplicates] = await dataSource.query(
      `SELECT count(*)::int AS n FROM (SELECT person_id FROM need_support WHERE need_id = $1 GROUP BY person_id HAVING count(*) > 1) d`,
      [id],
    );
    expect(duplicates.n).toBe(0);
    const [shards] = await dataSource.query(`SELECT count(*)::int AS n FROM need_support_tally WHERE need_id = $1`, [id]);
    expect(shards.n).toBeGreaterThan(1);
    expect(await engagements(id)).toEqual([{ delay: '60 days' }]);
  }, 120_000);

  it('marks the need "réponse officielle attendue" exactly once when 80 concurrent supports cross a threshold of 50', async () => {
    await service.setSettings(author, tierceId, 50, 45);
    const { id } = await need({ authorityId: tierceId });
    const supporters = await people(80);
    await Promise.all(supporters.map((supporter) => service.supportNeed(supporter, id)));
    expect(await tally(id)).toBe(80);
    expect(await engagements(id)).toEqual([{ delay: '45 days' }]);
    // Withdrawing supports afterwards does not undo it.
    await Promise.all(supporters.slice(0, 60).map((supporter) => service.withdrawSupport(supporter, id)));
    const summary = (await service.summaries([id], null)).get(id)!;
    expect(summary.supportCount).toBe(20);
    expect(summary.officialAnswerDueAt).not.toBeNull();
    expect(await engagements(id)).toEqual([{ delay: '45 days' }]);
  });

  it('reaches the threshold at the 50th support, not the 49th (defaults: 50 supports, 60 days)', async () => {
    const { id } = await need({ authorityId: null });
    const supporters = await people(50);
    for (const supporter of supporters.slice(0, 49)) await service.supportNeed(supporter, id);
    expect(await engagements(id)).toEqual([]);
    const fiftieth = await service.supportNeed(supporters[49]!, id);
    expect(fiftieth.supportCount).toBe(50);
    expect(fiftieth.officialAnswerDueAt).toBeInstanceOf(Date);
    expect(await engagements(id)).toEqual([{ delay: '60 days' }]);
  });

  it('counts paper supports in the tally and toward the threshold, one row each', async () => {
    const { id } = await need();
    const [mediator] = await people(1, 'Médiatrice');
    const online = await people(45);
    for (const supporter of online) await service.supportNeed(supporter, id);
    const paper = (name: string) => service.recordPaperSupport(mediator!, id, { name, birthYear: 1980, communeCode: '49015', signatureSeen: true });
    expect(await paper('Anne Leroy')).toMatchObject({ supportCount: 46, officialAnswerDueAt: null });
    for (const name of ['Bruno Petit', 'Chloé Roux', 'David Morel']) await paper(name);
    expect(await paper('Émilie Faure')).toMatchObject({ supportCount: 50 });
    expect(await engagements(id)).toEqual([{ delay: '60 days' }]);
    expect(
      await dataSource.query(`SELECT count, note, recorded_by AS "recordedBy", length(identity_hash) AS bytes FROM need_paper_support WHERE need_id = $1 AND commune_code = '49015'`, [id]),
    ).toHaveLength(5);
    expect(await errorOf(service.recordPaperSupport(mediator!, id, { name: 'Fanny Blanc', birthYear: 1980, communeCode: '49015', signatureSeen: false }))).toEqual({
      code: 'BAD_USER_INPUT',
      fields: [{ field: 'signatureSeen', message: 'Cochez « Signature vue » : un soutien sur papier compte seulement signé.' }],
    });
  });

  it('lets a verified organisation back a need once, apart from the supports; refuses an unverified one', async () => {
    const { id } = await need();
    const [representative] = await people(1, 'Représentante');
    const [verified] = await dataSource.query(
      `INSERT INTO organisation (name, kind, identifier_type, created_by, verified_at) VALUES ('Les Amis du Parc', 'association', 'none', $1, now()) RETURNING id`,
      [representative!.personId],
    );
    const [unverified] = await dataSource.query(
      `INSERT INTO organisation (name, kind, identifier_type, created_by) VALUES ('Collectif pas encore vérifié', 'collective', 'none', $1) RETURNING id`,
      [representative!.personId],
    );
    const statement = 'Nous soutenons ce besoin : nos adhérents le constatent chaque semaine.';
    expect(await service.backNeed(representative!, id, verified.id, `  ${statement} `)).toMatchObject({ backingCount: 1, supportCount: 0 });
    expect(await errorOf(service.backNeed(representative!, id, verified.id, statement))).toEqual({
      code: 'BAD_USER_INPUT',
      fields: [{ field: 'organisationId', message: 'Cette organisation soutient déjà ce besoin.' }],
    });
    expect(await errorOf(service.backNeed(representative!, id, unverified.id, statement))).toEqual({
      code: 'BAD_USER_INPUT',
      fields: [
        {
          field: 'organisationId',
          message: "Cette organisation n'est pas encore vérifiée : un administrateur doit vérifier son numéro avant qu'elle puisse soutenir un besoin.",
        },
      ],
    });
    expect(await errorOf(service.backNeed(representative!, id, verified.id, 'Trop court'.slice(0, 9)))).toEqual({
      code: 'BAD_USER_INPUT',
      fields: [{ field: 'statement', message: 'La déclaration doit compter entre 10 et 500 caractères (elle en compte 9).' }],
    });
    const backings = (await service.backings([id])).get(id)!;
    expect(backings.map(({ organisationName, organisationKind, statement: text }) => ({ organisationName, organisationKind, text }))).toEqual([
      { organisationName: 'Les Amis du Parc', organisationKind: 'association', text: statement },
    ]);
    expect(await tally(id)).toBe(0);
    expect(await service.withdrawBacking(representative!, id, verified.id)).toMatchObject({ backingCount: 0 });
  });

  it('follows and unfollows; supporting does not follow', async () => {
    const { id } = await need();
    const [follower] = await people(1);
    expect(await service.supportNeed(follower!, id)).toMatchObject({ viewerSupports: true, viewerFollows: false });
    expect(await service.followNeed(follower!, id)).toMatchObject({ viewerFollows: true });
    expect(await service.followNeed(follower!, id)).toMatchObject({ viewerFollows: true });
    expect(await dataSource.query(`SELECT count(*)::int AS n FROM need_follow WHERE need_id = $1`, [id])).toEqual([{ n: 1 }]);
    expect(await service.unfollowNeed(follower!, id)).toMatchObject({ viewerFollows: false });
    const hidden = await need({ status: 'hidden' });
    expect(await errorOf(service.followNeed(follower!, hidden.id))).toEqual({
      code: 'BAD_USER_INPUT',
      fields: [{ field: 'needId', message: "Ce besoin n'existe pas ou n'est pas public." }],
    });
  });

  it('validates the authority settings and keeps who changed them', async () => {
    const [agent] = await people(1, 'Agente');
    expect(await errorOf(service.setSettings(agent!, avrilleId, 0, 400))).toEqual({
      code: 'BAD_USER_INPUT',
      fields: [
        { field: 'supportThreshold', message: 'Le seuil de soutiens est un nombre entier entre 1 et 100000.' },
        { field: 'answerDelayDays', message: 'Le délai de réponse est un nombre de jours entre 1 et 365.' },
      ],
    });
    const before = await service.settings(avrilleId);
    expect(before).toMatchObject({ supportThreshold: 50, answerDelayDays: 60 });
    expect(await service.setSettings(agent!, avrilleId, 50, 60)).toMatchObject({ supportThreshold: 50, answerDelayDays: 60 });
    const [row] = await dataSource.query(`SELECT updated_by AS "updatedBy" FROM authority_participation WHERE authority_id = $1`, [avrilleId]);
    expect(row.updatedBy).toBe(agent!.personId);
  });

  it('serves the participation fields of a page of 20 or of 100 needs with the same two queries', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 100; i++) ids.push((await need()).id);
    const [viewer] = await people(1);
    await service.supportNeed(viewer!, ids[0]!);
    const token = await tokenFor(viewer!.personId);
    const document = `query($first: Int!) { needs(first: $first) { edges { node { id supportCount supportThreshold backingCount viewerSupports viewerFollows officialAnswerDueAt backings { organisationName } } } } }`;
    const countQueries = async (first: number) => {
      const original = dataSource.query.bind(dataSource);
      let mine = 0;
      dataSource.query = ((sql: string, parameters?: unknown[]) => {
        if (/need_support_tally|need_backing/.test(sql)) mine += 1;
        return original(sql, parameters);
      }) as typeof dataSource.query;
      try {
        const result = await graphql<{ needs: { edges: unknown[] } }>(api, document, { first }, { token });
        expect(result.errors).toBeUndefined();
        expect(result.data!.needs.edges).toHaveLength(first);
      } finally {
        dataSource.query = original;
      }
      return mine;
    };
    expect(await countQueries(20)).toBe(2);
    expect(await countQueries(100)).toBe(2);
  });

  it('answers the participation fields on a need page through GraphQL', async () => {
    const { id, reference } = await need();
    const [viewer] = await people(1);
    await service.supportNeed(viewer!, id);
    await service.followNeed(viewer!, id);
    const token = await tokenFor(viewer!.personId);
    const document = `query($r: String!) { need(reference: $r) { supportCount supportThreshold viewerSupports viewerFollows officialAnswerDueAt backingCount backings { organisationName } viewerBackingOptions { name } } }`;
    expect((await graphql(api, document, { r: reference }, { token })).data).toEqual({
      need: { supportCount: 1, supportThreshold: 50, viewerSupports: true, viewerFollows: true, officialAnswerDueAt: null, backingCount: 0, backings: [], viewerBackingOptions: [] },
    });
    expect((await graphql(api, document, { r: reference })).data).toEqual({
      need: { supportCount: 1, supportThreshold: 50, viewerSupports: false, viewerFollows: false, officialAnswerDueAt: null, backingCount: 0, backings: [], viewerBackingOptions: [] },
    });
    const withdrawn = await graphql<{ withdrawSupport: { supportCount: number } }>(api, `mutation($n: ID!) { withdrawSupport(needId: $n) { supportCount viewerSupports } }`, { n: id }, { token });
    expect(withdrawn.data).toEqual({ withdrawSupport: { supportCount: 0, viewerSupports: false } });
    const anonymous = await graphql(api, `mutation($n: ID!) { supportNeed(needId: $n) { supportCount } }`, { n: id });
    expect(anonymous.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });
});

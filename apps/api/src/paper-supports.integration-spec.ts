import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { DataSource } from 'typeorm';
import { AccountsService, identityHash, RolesService, SessionsService } from '@pit/accounts';
import { DEVELOPMENT_PAPER_SUPPORT_SECRET } from '@pit/core';
import { referenceFromBytes } from '@pit/domain';
import { accountsWithRoles, DESCRIPTION, graphql, signUpResident, startApi } from '../../../tools/test/harness.js';

// Issue 6 item 4, supports on paper: a mediator records each support of a paper sheet (name, birth year,
// commune, signature seen); the same person (folded name + birth year) is refused on paper twice and
// against an online supporter verified through FranceConnect, both ways; the identity is kept only as an
// HMAC under PAPER_SUPPORT_SECRET; the tally stays exact; one audit entry per support. Real api, PostgreSQL.

const RECORD = /* GraphQL */ `
  mutation($i: PaperSupportInput!) { recordPaperSupport(input: $i) { supportCount } }`;
const SUPPORT = /* GraphQL */ `
  mutation($n: ID!) { supportNeed(needId: $n) { supportCount viewerSupports } }`;

type Errors = Array<{ message: string; extensions?: { code?: string; fields?: Array<{ field: string; message: string }> } }> | undefined;
const fieldsOf = (errors: Errors) => ({ code: errors?.[0]?.extensions?.code, fields: errors?.[0]?.extensions?.fields });

describe('supports on paper: one per person, never a clear identity, refused twice on paper or through FranceConnect', () => {
  let api: NestFastifyApplication;
  let dataSource: DataSource;
  let avrilleId: string;
  let tokens = {} as Record<'admin' | 'resident' | 'agent', string>;
  let mediatorId: string;
  let mediatorToken: string;
  let run = 0;
  const tag = Date.now().toString(36);

  /** A public need of Avrillé (transmitted). */
  const publicNeed = async (): Promise<string> => {
    const bytes = randomBytes(32);
    let index = 0;
    const [row] = await dataSource.query(
      `INSERT INTO need (reference, title, description, category_key, commune_code, status, authority_id)
       VALUES ($1, $2, $3, 'schools', '49015', 'transmitted', $4) RETURNING id`,
      [referenceFromBytes(() => bytes[index++]!), `Un abri vélo à la gare ${tag} ${++run}`, DESCRIPTION, avrilleId],
    );
    return row.id;
  };
  const record = (needId: string, input: Partial<{ name: string; birthYear: number; communeCode: string; signatureSeen: boolean }>, token = mediatorToken) =>
    graphql<{ recordPaperSupport: { supportCount: number } }>(
      api,
      RECORD,
      { i: { needId, name: 'Angela Dubois', birthYear: 1962, communeCode: '49015', signatureSeen: true, ...input } },
      { token },
    );
  /** A resident logged in through FranceConnect (as the OIDC callback would, claims included). */
  const franceConnectResident = async (givenName: string, familyName: string, birthdate: string) =>
    (
      await api
        .get(AccountsService)
        .logInWithIdentity(
          { provider: 'franceconnect', subject: `fc-${tag}-${++run}`, claims: { givenName, familyName, birthdate }, idToken: null },
          { clientIp: null, userAgent: null },
        )
    ).token;
  const tally = async (needId: string) =>
    (await dataSource.query(`SELECT COALESCE(sum(supports), 0)::int AS n FROM need_support_tally WHERE need_id = $1`, [needId]))[0].n as number;

  beforeAll(async () => {
    api = await startApi();
    dataSource = api.get(DataSource);
    [{ id: avrilleId }] = await dataSource.query(`SELECT id FROM authority WHERE kind = 'commune' AND code = '49015'`);
    ({ tokens } = await accountsWithRoles(api, `Papier ${tag}`, { admin: { role: 'admin' }, agent: { role: 'agent', authorityId: avrilleId }, resident: null }));
    const mediator = await signUpResident(api, `Médiatrice papier ${tag}`);
    await api.get(RolesService).assign(null, { email: mediator.email, role: 'mediator', authorityId: avrilleId });
    [{ id: mediatorId }] = await dataSource.query(`SELECT id FROM person WHERE email = $1`, [mediator.email]);
    mediatorToken = await dataSource.transaction(
      async (manager) => (await api.get(SessionsService).create(manager, mediatorId, 'password', { clientIp: null, userAgent: null })).token,
    );
  });
  afterAll(async () => {
    await api?.close();
  });

  it('records one support per person; the same name written otherwise and the same year is refused, naming the field', async () => {
    const needId = await publicNeed();
    expect((await record(needId, {})).data).toEqual({ recordPaperSupport: { supportCount: 1 } });
    // Case, accents, hyphens, spaces and word order folded: the same person.
    const again = await record(needId, { name: '  DUBOIS   angéla ' });
    expect(fieldsOf(again.errors)).toEqual({ code: 'BAD_USER_INPUT', fields: [{ field: 'name', message: 'Cette personne a déjà soutenu ce besoin.' }] });
    // Another birth year, another person; a hyphenated name equals its spaced spelling.
    expect((await record(needId, { birthYear: 1963 })).data).toEqual({ recordPaperSupport: { supportCount: 2 } });
    expect((await record(needId, { name: 'Jean-Éric Martin' })).data).toEqual({ recordPaperSupport: { supportCount: 3 } });
    expect(fieldsOf((await record(needId, { name: 'jean eric MARTIN' })).errors).fields).toEqual([{ field: 'name', message: 'Cette personne a déjà soutenu ce besoin.' }]);
    // The same person may support another need.
    expect((await record(await publicNeed(), {})).data).toEqual({ recordPaperSupport: { supportCount: 1 } });
    expect(await tally(needId)).toBe(3);
  });

  it('keeps the identity only as an HMAC under the server secret: no name nor birth year in the stored row', async () => {
    const needId = await publicNeed();
    expect((await record(needId, { name: 'Zoé Lefèvre-Martin', birthYear: 1991, communeCode: '49015' })).errors).toBeUndefined();
    const rows = await dataSource.query(`SELECT * FROM need_paper_support WHERE need_id = $1`, [needId]);
    expect(rows).toHaveLength(1);
    const row = rows[0];
    expect(Object.keys(row).sort()).toEqual(['commune_code', 'count', 'created_at', 'id', 'identity_hash', 'need_id', 'note', 'recorded_by']);
    expect({ count: row.count, note: row.note, recordedBy: row.recorded_by, commune: row.commune_code }).toEqual({ count: 1, note: null, recordedBy: mediatorId, commune: '49015' });
    expect(row.identity_hash.equals(identityHash(DEVELOPMENT_PAPER_SUPPORT_SECRET, 'Zoé Lefèvre-Martin', 1991))).toBe(true);
    const text = JSON.stringify(row).toLowerCase();
    for (const clear of ['zoé', 'zoe', 'lefèvre', 'lefevre', 'martin']) expect(text).not.toContain(clear);
    expect(JSON.stringify([row.count, row.note, row.commune_code, row.created_at])).not.toContain('1991');
    // The audit entry carries no identity either.
    const [audit] = await dataSource.query(`SELECT action, before, after FROM audit_entry WHERE subject_id = $1`, [needId]);
    expect({ ...audit, after: { ...audit.after, paperSupportId: audit.after.paperSupportId === row.id } }).toEqual({
      action: 'need.paper_supports',
      before: { paperSupports: 0 },
      after: { paperSupports: 1, added: 1, paperSupportId: true },
    });
  });

  it('refuses a paper support of a person who supports online through FranceConnect, and the other way round', async () => {
    // FranceConnect keeps the first given name, the family name and the year (never the birthdate itself).
    const angela = await franceConnectResident('Angela Claire Louise', 'Dubois', '1962-08-24');
    const [identity] = await dataSource.query(
      `SELECT i.identity_hash AS hash, p.given_name, p.family_name FROM external_identity i JOIN person p ON p.id = i.person_id
        WHERE i.subject = $1`,
      [`fc-${tag}-${run}`],
    );
    expect(identity.hash.equals(identityHash(DEVELOPMENT_PAPER_SUPPORT_SECRET, 'Angela Dubois', 1962))).toBe(true);
    expect(
      await dataSource.query(`SELECT table_name, column_name FROM information_schema.columns WHERE table_name IN ('person', 'external_identity', 'need_paper_support') AND column_name LIKE '%birth%'`),
    ).toEqual([]);

    // Online first, then on paper: refused.
    const online = await publicNeed();
    expect((await graphql(api, SUPPORT, { n: online }, { token: angela })).data).toEqual({ supportNeed: { supportCount: 1, viewerSupports: true } });
    expect(fieldsOf((await record(online, { name: 'Dubois Angela', birthYear: 1962 })).errors)).toEqual({
      code: 'BAD_USER_INPUT',
      fields: [{ field: 'name', message: 'Cette personne a déjà soutenu ce besoin.' }],
    });
    expect(await tally(online)).toBe(1);

    // On paper first, then online: refused, the count stays 1.
    const paper = await publicNeed();
    expect((await record(paper, { name: 'angela DUBOIS', birthYear: 1962 })).data).toEqual({ recordPaperSupport: { supportCount: 1 } });
    expect(fieldsOf((await graphql(api, SUPPORT, { n: paper }, { token: angela })).errors)).toEqual({
      code: 'BAD_USER_INPUT',
      fields: [{ field: 'needId', message: 'Vous avez déjà soutenu ce besoin sur papier : votre soutien est déjà compté.' }],
    });
    expect(await tally(paper)).toBe(1);
    expect(await dataSource.query(`SELECT count(*)::int AS n FROM need_support WHERE need_id = $1`, [paper])).toEqual([{ n: 0 }]);

    // A resident without FranceConnect is not matched (no verified identity): both count.
    const other = await publicNeed();
    expect((await record(other, {})).data).toEqual({ recordPaperSupport: { supportCount: 1 } });
    expect((await graphql(api, SUPPORT, { n: other }, { token: tokens.resident })).data).toEqual({ supportNeed: { supportCount: 2, viewerSupports: true } });
  });

  it('keeps the tally exact when the same person is recorded many times at once and others in between', async () => {
    const needId = await publicNeed();
    const attempts = await Promise.all([
      ...Array.from({ length: 8 }, () => record(needId, { name: 'Bruno Petit', birthYear: 1955 })),
      ...Array.from({ length: 6 }, (_, i) => record(needId, { name: `Claire Numéro${'abcdef'[i]}`, birthYear: 1970 + i })),
    ]);
    expect(attempts.filter((attempt) => !attempt.errors)).toHaveLength(7);
    expect(await tally(needId)).toBe(7);
    expect(await dataSource.query(`SELECT count(*)::int AS n, sum(count)::int AS total FROM need_paper_support WHERE need_id = $1`, [needId])).toEqual([{ n: 7, total: 7 }]);
    expect(await dataSource.query(`SELECT count(*)::int AS n FROM audit_entry WHERE subject_id = $1 AND action = 'need.paper_supports'`, [needId])).toEqual([{ n: 7 }]);
  });

  it('names every faulty field and writes nothing', async () => {
    const needId = await publicNeed();
    const year = new Date().getFullYear();
    expect(fieldsOf((await record(needId, { name: 'Cher', birthYear: 1850, communeCode: '99999', signatureSeen: false })).errors)).toEqual({
      code: 'BAD_USER_INPUT',
      fields: [
        { field: 'name', message: 'Indiquez le prénom et le nom de la personne, comme sur la feuille.' },
        { field: 'birthYear', message: `Indiquez l'année de naissance en 4 chiffres, entre 1900 et ${year}.` },
        { field: 'communeCode', message: 'Choisissez la commune de la personne.' },
        { field: 'signatureSeen', message: 'Cochez « Signature vue » : un soutien sur papier compte seulement signé.' },
      ],
    });
    expect(fieldsOf((await record(needId, { name: 'Anne Leroy', birthYear: year + 1 })).errors).fields).toEqual([
      { field: 'birthYear', message: `Indiquez l'année de naissance en 4 chiffres, entre 1900 et ${year}.` },
    ]);
    await dataSource.query(`UPDATE need SET status = 'done' WHERE id = $1`, [needId]);
    expect(fieldsOf((await record(needId, {})).errors).fields).toEqual([{ field: 'needId', message: 'Ce besoin est clos : il ne peut plus être soutenu.' }]);
    expect(await dataSource.query(`SELECT count(*)::int AS n FROM need_paper_support WHERE need_id = $1`, [needId])).toEqual([{ n: 0 }]);
    expect(await tally(needId)).toBe(0);
  });

  it('denies everyone but mediators and admins', async () => {
    const needId = await publicNeed();
    expect(fieldsOf((await record(needId, {}, '')).errors).code).toBe('UNAUTHENTICATED');
    for (const token of [tokens.resident, tokens.agent]) expect(fieldsOf((await record(needId, {}, token)).errors).code).toBe('FORBIDDEN');
    expect((await record(needId, { name: 'Admin Témoin' }, tokens.admin)).data).toEqual({ recordPaperSupport: { supportCount: 1 } });
    expect(await tally(needId)).toBe(1);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { DataSource } from 'typeorm';
import { RolesService } from '@pit/accounts';
import { DESCRIPTION, graphql, signUpResident, startApi } from '../../../../tools/test/harness.js';

const POST = `mutation($n: ID!, $b: String!, $p: ID, $o: ID) { postComment(needId: $n, body: $b, parentId: $p, organisationId: $o) { id body authorPseudonym organisationName isNeedAuthor isMine editable deleted editedAt replies { id } } }`;
const EDIT = `mutation($c: ID!, $b: String!) { editComment(commentId: $c, body: $b) { id body editedAt editable } }`;
const DELETE = `mutation($c: ID!) { deleteComment(commentId: $c) { id body deleted } }`;
const REPORT = `mutation($c: ID!, $r: CommentReportReason!, $d: String) { reportComment(commentId: $c, reason: $r, detail: $d) }`;
const THREADS = `query($r: String!, $first: Int, $after: String) { need(reference: $r) { commentCount comments(first: $first, after: $after) {
  totalCount pageInfo { hasNextPage endCursor }
  edges { node { body authorPseudonym isNeedAuthor deleted editedAt replies { body authorPseudonym isNeedAuthor deleted } } } } } }`;

interface Thread {
  body: string | null;
  authorPseudonym: string | null;
  isNeedAuthor: boolean;
  deleted: boolean;
  editedAt: string | null;
  replies: Array<{ body: string | null; authorPseudonym: string | null; isNeedAuthor: boolean; deleted: boolean }>;
}
interface ThreadsAnswer {
  need: { commentCount: number; comments: { totalCount: number; pageInfo: { hasNextPage: boolean; endCursor: string | null }; edges: Array<{ node: Thread }> } };
}

describe('comments on a need (real PostgreSQL, through GraphQL)', () => {
  let api: NestFastifyApplication;
  let dataSource: DataSource;
  let author: Awaited<ReturnType<typeof signUpResident>>;
  let camille: Awaited<ReturnType<typeof signUpResident>>;
  let dominique: Awaited<ReturnType<typeof signUpResident>>;

  const submitNeed = async (title: string) => {
    const result = await graphql<{ submitNeed: { id: string; reference: string } }>(
      api,
      `mutation($i: SubmitNeedInput!) { submitNeed(input: $i) { id reference } }`,
      { i: { title, description: DESCRIPTION, categoryKey: 'schools', communeCode: '49015' } },
      { token: author.token },
    );
    if (!result.data) throw new Error(JSON.stringify(result.errors));
    return result.data.submitNeed;
  };
  const post = async (token: string, needId: string, body: string, parentId: string | null = null) => {
    const result = await graphql<{ postComment: { id: string } }>(api, POST, { n: needId, b: body, p: parentId }, { token });
    if (!result.data) throw new Error(JSON.stringify(result.errors));
    return result.data.postComment.id;
  };
  const errorOf = (result: { errors?: Array<{ message: string; extensions?: Record<string, unknown> }> }) => ({
    code: result.errors?.[0]?.extensions?.code,
    fields: result.errors?.[0]?.extensions?.fields,
  });

  beforeAll(async () => {
    api = await startApi();
    dataSource = api.get(DataSource);
    author = await signUpResident(api, 'Autrice');
    camille = await signUpResident(api, 'Camille');
    dominique = await signUpResident(api, 'Dominique');
  });
  afterAll(async () => {
    await api?.close();
  });

  it('threads one level deep: a reply to a reply joins its top-level comment; the need author is marked; pseudonyms only', async () => {
    const need = await submitNeed('Une cantine plus proche de l’école');
    const first = await post(camille.token, need.id, 'Je suis d’accord, la cantine est trop loin.');
    const reply = await post(author.token, need.id, 'Merci, c’est exactement le problème.', first);
    const replyToReply = await post(dominique.token, need.id, 'Et à pied sous la pluie, c’est long.', reply);
    await post(dominique.token, need.id, 'Un deuxième fil de discussion.');

    const [row] = await dataSource.query(`SELECT parent_id FROM comment WHERE id = $1`, [replyToReply]);
    expect(row.parent_id).toBe(first);

    const answer = await graphql<ThreadsAnswer>(api, THREADS, { r: need.reference });
    expect(answer.data!.need.commentCount).toBe(4);
    expect(answer.data!.need.comments.totalCount).toBe(2);
    expect(answer.data!.need.comments.edges.map((edge) => edge.node)).toEqual([
      {
        body: 'Je suis d’accord, la cantine est trop loin.',
        authorPseudonym: camille.pseudonym,
        isNeedAuthor: false,
        deleted: false,
        editedAt: null,
        replies: [
          { body: 'Merci, c’est exactement le problème.', authorPseudonym: author.pseudonym, isNeedAuthor: true, deleted: false },
          { body: 'Et à pied sous la pluie, c’est long.', authorPseudonym: dominique.pseudonym, isNeedAuthor: false, deleted: false },
        ],
      },
      { body: 'Un deuxième fil de discussion.', authorPseudonym: dominique.pseudonym, isNeedAuthor: false, deleted: false, editedAt: null, replies: [] },
    ]);
    // Nothing but pseudonyms: no email, no name.
    expect(JSON.stringify(answer)).not.toContain('@exemple.fr');
  });

  it('marks nobody "auteur du besoin" on a need without an author account', async () => {
    const need = await submitNeed('Un besoin dont l’auteur n’a plus de compte');
    await dataSource.query(`UPDATE need SET author_id = NULL WHERE id = $1`, [need.id]);
    await post(camille.token, need.id, 'Un avis sur ce besoin orphelin.');
    const answer = await graphql<ThreadsAnswer>(api, THREADS, { r: need.reference });
    expect(answer.errors).toBeUndefined();
    expect(answer.data!.need.comments.edges.map((edge) => edge.node.isNeedAuthor)).toEqual([false]);
  });

  it('pages top-level comments with a keyset cursor, oldest first', async () => {
    const need = await submitNeed('Des bancs dans le parc');
    for (const body of ['Premier avis', 'Deuxième avis', 'Troisième avis']) await post(camille.token, need.id, body);
    const page1 = await graphql<ThreadsAnswer>(api, THREADS, { r: need.reference, first: 2 });
    expect(page1.data!.need.comments.edges.map((edge) => edge.node.body)).toEqual(['Premier avis', 'Deuxième avis']);
    expect(page1.data!.need.comments.pageInfo.hasNextPage).toBe(true);
    const page2 = await graphql<ThreadsAnswer>(api, THREADS, { r: need.reference, first: 2, after: page1.data!.need.comments.pageInfo.endCursor });
    expect(page2.data!.need.comments.edges.map((edge) => edge.node.body)).toEqual(['Troisième avis']);
    expect(page2.data!.need.comments.pageInfo.hasNextPage).toBe(false);
    const bad = await graphql(api, THREADS, { r: need.reference, first: 2, after: 'pas-un-curseur' });
    expect(errorOf(bad)).toEqual({ code: 'BAD_USER_INPUT', fields: [{ field: 'after', message: "Ce curseur de pagination n'est pas valide : repartez de la première page." }] });
  });

  it('refuses empty, too long and misplaced comments with field-named errors, and anonymous posting', async () => {
    const need = await submitNeed('Un passage piéton devant la mairie');
    const empty = await graphql(api, POST, { n: need.id, b: '   ' }, { token: camille.token });
    expect(errorOf(empty)).toEqual({ code: 'BAD_USER_INPUT', fields: [{ field: 'body', message: 'Écrivez votre commentaire.' }] });
    const long = await graphql(api, POST, { n: need.id, b: 'a'.repeat(2001) }, { token: camille.token });
    expect(errorOf(long)).toEqual({ code: 'BAD_USER_INPUT', fields: [{ field: 'body', message: 'Le commentaire doit compter entre 2 et 2000 caractères (il en compte 2001).' }] });
    const unknownParent = await graphql(api, POST, { n: need.id, b: 'Une réponse', p: '00000000-0000-4000-8000-000000000000' }, { token: camille.token });
    expect(errorOf(unknownParent)).toEqual({ code: 'BAD_USER_INPUT', fields: [{ field: 'parentId', message: "Le commentaire auquel vous répondez n'existe pas." }] });
    const anonymous = await graphql(api, POST, { n: need.id, b: 'Sans compte' });
    expect(errorOf(anonymous).code).toBe('UNAUTHENTICATED');
    // A need awaiting its author's confirmation is not open to comments.
    const pending = await graphql<{ submitNeed: { id: string } }>(
      api,
      `mutation($i: SubmitNeedInput!) { submitNeed(input: $i) { id } }`,
      { i: { title: 'Un besoin sans compte', description: DESCRIPTION, categoryKey: 'schools', communeCode: '49015', authorEmail: 'sans-compte@exemple.fr' } },
    );
    const closed = await graphql(api, POST, { n: pending.data!.submitNeed.id, b: 'Trop tôt' }, { token: camille.token });
    expect(errorOf(closed)).toEqual({ code: 'BAD_USER_INPUT', fields: [{ field: 'needId', message: "Ce besoin n'existe pas ou n'est pas ouvert aux commentaires." }] });
  });

  it('lets the author edit for 15 minutes ("modifié"), then refuses clearly; others may not edit or delete', async () => {
    const need = await submitNeed('Plus de poubelles de tri');
    const id = await post(camille.token, need.id, 'Premier jet avec une faute');
    const edited = await graphql<{ editComment: { body: string; editedAt: string | null; editable: boolean } }>(api, EDIT, { c: id, b: 'Premier jet corrigé' }, { token: camille.token });
    expect(edited.data!.editComment).toMatchObject({ body: 'Premier jet corrigé', editable: true });
    expect(edited.data!.editComment.editedAt).not.toBeNull();

    const other = await graphql(api, EDIT, { c: id, b: 'Pas mon commentaire' }, { token: dominique.token });
    expect(errorOf(other).code).toBe('FORBIDDEN');
    const otherDelete = await graphql(api, DELETE, { c: id }, { token: dominique.token });
    expect(errorOf(otherDelete).code).toBe('FORBIDDEN');

    await dataSource.query(`UPDATE comment SET created_at = now() - interval '15 minutes 1 second' WHERE id = $1`, [id]);
    const late = await graphql(api, EDIT, { c: id, b: 'Trop tard pour corriger' }, { token: camille.token });
    expect(errorOf(late)).toEqual({
      code: 'BAD_USER_INPUT',
      fields: [{ field: 'body', message: 'Ce commentaire ne peut plus être modifié : la modification est possible pendant 15 minutes après sa publication.' }],
    });
    const threads = await graphql<ThreadsAnswer>(api, THREADS, { r: need.reference });
    expect(threads.data!.need.comments.edges[0]!.node.body).toBe('Premier jet corrigé');
    expect(threads.data!.need.comments.edges[0]!.node.editedAt).not.toBeNull();
  });

  it('deletes softly: the thread stays, the text is gone, the count drops', async () => {
    const need = await submitNeed('Un abri à vélos à la gare');
    const top = await post(camille.token, need.id, 'Un abri couvert serait idéal.');
    await post(dominique.token, need.id, 'Et sécurisé !', top);
    const deleted = await graphql<{ deleteComment: { body: string | null; deleted: boolean } }>(api, DELETE, { c: top }, { token: camille.token });
    expect(deleted.data!.deleteComment).toEqual({ id: top, body: null, deleted: true });
    const threads = await graphql<ThreadsAnswer>(api, THREADS, { r: need.reference });
    expect(threads.data!.need.commentCount).toBe(1);
    expect(threads.data!.need.comments.edges.map((edge) => edge.node)).toEqual([
      {
        body: null,
        authorPseudonym: camille.pseudonym,
        isNeedAuthor: false,
        deleted: true,
        editedAt: null,
        replies: [{ body: 'Et sécurisé !', authorPseudonym: dominique.pseudonym, isNeedAuthor: false, deleted: false }],
      },
    ]);
    const editDeleted = await graphql(api, EDIT, { c: top, b: 'Je reviens' }, { token: camille.token });
    expect(errorOf(editDeleted)).toEqual({ code: 'BAD_USER_INPUT', fields: [{ field: 'commentId', message: 'Ce commentaire a été supprimé : il ne peut plus être modifié.' }] });
  });

  it('records one report per person and comment, readable by moderators and admins only', async () => {
    const need = await submitNeed('Des horaires de bus le dimanche');
    const id = await post(camille.token, need.id, 'Voici mon numéro : 06 00 00 00 00');
    const reported = await graphql<{ reportComment: boolean }>(api, REPORT, { c: id, r: 'PERSONAL_DATA', d: 'Un numéro de téléphone' }, { token: dominique.token });
    expect(reported.data!.reportComment).toBe(true);
    const twice = await graphql(api, REPORT, { c: id, r: 'SPAM' }, { token: dominique.token });
    expect(errorOf(twice)).toEqual({ code: 'BAD_USER_INPUT', fields: [{ field: 'commentId', message: 'Vous avez déjà signalé ce commentaire : la modération va l’examiner.' }] });
    const own = await graphql(api, REPORT, { c: id, r: 'SPAM' }, { token: camille.token });
    expect(errorOf(own)).toEqual({ code: 'BAD_USER_INPUT', fields: [{ field: 'commentId', message: 'Vous ne pouvez pas signaler votre propre commentaire : modifiez-le ou supprimez-le.' }] });
    const longDetail = await graphql(api, REPORT, { c: id, r: 'OTHER', d: 'x'.repeat(501) }, { token: author.token });
    expect(errorOf(longDetail)).toEqual({ code: 'BAD_USER_INPUT', fields: [{ field: 'detail', message: 'La précision compte 500 caractères au plus (elle en compte 501).' }] });
    const anonymous = await graphql(api, REPORT, { c: id, r: 'SPAM' });
    expect(errorOf(anonymous).code).toBe('UNAUTHENTICATED');

    const REPORTS = `{ commentReports { needReference commentBody commentAuthorPseudonym reporterPseudonym reason reasonLabel detail } }`;
    expect(errorOf(await graphql(api, REPORTS, {}, { token: camille.token })).code).toBe('FORBIDDEN');
    const moderator = await signUpResident(api, 'Modératrice');
    await api.get(RolesService).assign(null, { email: moderator.email, role: 'moderator' });
    // A new role takes effect at the next login.
    const login = await graphql<{ logIn: { sessionToken: string } }>(api, `mutation($i: LogInInput!) { logIn(input: $i) { sessionToken } }`, {
      i: { email: moderator.email, password: 'une phrase de passe solide' },
    });
    const reports = await graphql<{ commentReports: unknown[] }>(api, REPORTS, {}, { token: login.data!.logIn.sessionToken });
    expect(reports.errors).toBeUndefined();
    expect(reports.data!.commentReports).toContainEqual({
      needReference: need.reference,
      // Phone numbers are masked at write time (moderation, apps/api/src/moderation.integration-spec.ts).
      commentBody: 'Voici mon numéro : [numéro masqué]',
      commentAuthorPseudonym: camille.pseudonym,
      reporterPseudonym: dominique.pseudonym,
      reason: 'PERSONAL_DATA',
      reasonLabel: 'Données personnelles (nom, adresse, téléphone…)',
      detail: 'Un numéro de téléphone',
    });
    const [count] = await dataSource.query(`SELECT count(*)::int AS count FROM comment_report WHERE comment_id = $1`, [id]);
    expect(count.count).toBe(1);
  });

  it('lets a representative comment in the name of their organisation, and nobody else', async () => {
    const need = await submitNeed('Une salle pour les associations');
    const representative = await signUpResident(api, 'Représentante');
    const [person] = await dataSource.query(`SELECT id FROM person WHERE email = $1`, [representative.email]);
    const [organisation] = await dataSource.query(
      `INSERT INTO organisation (name, kind, identifier_type, created_by) VALUES ('Amicale des quartiers', 'association', 'none', $1) RETURNING id`,
      [person.id],
    );
    await dataSource.query(`INSERT INTO organisation_member (organisation_id, person_id, role) VALUES ($1, $2, 'representative')`, [organisation.id, person.id]);
    const posted = await graphql<{ postComment: { organisationName: string; authorPseudonym: string } }>(
      api,
      POST,
      { n: need.id, b: 'Notre amicale soutient cette demande.', o: organisation.id },
      { token: representative.token },
    );
    expect(posted.data!.postComment).toMatchObject({ organisationName: 'Amicale des quartiers', authorPseudonym: representative.pseudonym });
    const outsider = await graphql(api, POST, { n: need.id, b: 'Au nom de l’amicale', o: organisation.id }, { token: camille.token });
    expect(errorOf(outsider).code).toBe('FORBIDDEN');
  });

  it('throttles posting: 10 comments per person in 10 minutes, then a clear pause', async () => {
    const need = await submitNeed('Un marché le samedi matin');
    const talker = await signUpResident(api, 'Bavard');
    for (let i = 1; i <= 10; i++) await post(talker.token, need.id, `Commentaire numéro ${i}`);
    const eleventh = await graphql(api, POST, { n: need.id, b: 'Un de trop' }, { token: talker.token });
    expect(errorOf(eleventh).code).toBe('TOO_MANY_REQUESTS');
    expect(eleventh.errors![0]!.message).toMatch(/^Vous avez publié 10 commentaires en peu de temps\. Réessayez dans \d+ minutes\.$/);
    // Others are not affected.
    await post(camille.token, need.id, 'Moi je peux encore');
  });

  it('counts comments of a whole list of needs with one query per field (no N+1)', async () => {
    const needs = await graphql<{ needs: { edges: Array<{ node: { commentCount: number } }> } }>(api, `{ needs(first: 20) { edges { node { reference commentCount } } } }`);
    expect(needs.errors).toBeUndefined();
    const logged: string[] = [];
    // Count the statements that read comment counts while the list resolves.
    const original = dataSource.query.bind(dataSource);
    dataSource.query = (async (sql: string, params?: unknown[]) => {
      if (/FROM comment\b/.test(sql)) logged.push(sql);
      return original(sql, params);
    }) as typeof dataSource.query;
    try {
      const again = await graphql<{ needs: { edges: unknown[] } }>(api, `{ needs(first: 20) { edges { node { commentCount } } } }`);
      expect(again.data!.needs.edges.length).toBeGreaterThan(5);
    } finally {
      dataSource.query = original;
    }
    expect(logged).toHaveLength(1);
  });
});

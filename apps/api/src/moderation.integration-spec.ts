import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { INestApplicationContext } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { DataSource } from 'typeorm';
import { RouteNeedJob } from '@pit/needs/jobs';
import { accountsWithRoles, DESCRIPTION, graphql, startApi, startWorker } from '../../../tools/test/harness.js';

// Issue 5 item 7, moderation: pre-moderation per authority (held needs stay out of every public read
// until approved), residents' reports, the moderation queue, hide / un-hide, and personal data masked
// in public text. Denials of every operation per role are in authorization-matrix.integration-spec.ts.

type Who = 'author' | 'resident' | 'resident2' | 'agentA' | 'agentB' | 'moderator' | 'admin';
type Errors = Array<{ message: string; extensions?: { code?: string; fields?: Array<{ field: string; message: string }> } }>;

const QUEUE = /* GraphQL */ `
  query($a: ID) {
    moderationQueue(authorityId: $a) {
      subject id needReference needTitle needStatus authorityName commentBody held personalData
      reports { reason reasonLabel detail reporterPseudonym }
    }
  }`;
interface QueueItem {
  subject: string;
  id: string;
  needReference: string;
  needTitle: string;
  needStatus: string;
  authorityName: string | null;
  commentBody: string | null;
  held: boolean;
  personalData: string[];
  reports: Array<{ reason: string; reasonLabel: string; detail: string | null; reporterPseudonym: string }>;
}

describe('moderation: pre-moderation, reports, queue, hide and un-hide, personal data', () => {
  let api: NestFastifyApplication;
  let worker: INestApplicationContext;
  let dataSource: DataSource;
  let avrilleId: string;
  let briollayId: string;
  let ids = {} as Record<Who, string>;
  let tokens = {} as Record<Who, string>;
  const word = `modo${Date.now().toString(36)}`;

  const call = <T>(query: string, variables: Record<string, unknown>, who: Who | null) => graphql<T>(api, query, variables, { token: who ? tokens[who] : null });
  const codeOf = (result: { errors?: Errors }) => result.errors?.[0]?.extensions?.code;
  const fieldsOf = (result: { errors?: Errors }) => result.errors?.[0]?.extensions?.fields;

  /** A need by the author in `communeCode`, routed by the real route-need job. */
  const routedNeed = async (communeCode: string, title: string, description = DESCRIPTION) => {
    const result = await call<{ submitNeed: { id: string; reference: string; title: string; description: string } }>(
      `mutation($i: SubmitNeedInput!) { submitNeed(input: $i) { id reference title description } }`,
      { i: { title, description, categoryKey: 'schools', communeCode } },
      'author',
    );
    expect(result.errors).toBeUndefined();
    const need = result.data!.submitNeed;
    await worker.get(RouteNeedJob).handle({ needId: need.id }, { jobId: `moderation-${need.id}`, attempt: 1 });
    return need;
  };
  const queue = async (who: Who = 'moderator', authorityId: string | null = null) => {
    const result = await call<{ moderationQueue: QueueItem[] }>(QUEUE, { a: authorityId }, who);
    expect(result.errors).toBeUndefined();
    return result.data!.moderationQueue;
  };
  const publicNeed = (reference: string, who: Who | null) =>
    call<{ need: { reference: string; title: string; description: string; status: string; awaitingModeration: boolean; maskedPersonalData: string[]; history: Array<{ status: string; note: string | null }> } | null }>(
      `query($r: String!) { need(reference: $r) { reference title description status awaitingModeration maskedPersonalData history { status note } } }`,
      { r: reference },
      who,
    );
  const searchCount = async (q: string) => (await call<{ needs: { totalCount: number } }>(`query($q: String) { needs(q: $q) { totalCount edges { node { reference } } } }`, { q }, null)).data!.needs.totalCount;
  const auditOf = async (subjectId: string, action: string) =>
    // This run's entries only: the integration database is shared across runs and files.
    dataSource.query(`SELECT actor_id AS "actorId", before, after FROM audit_entry WHERE subject_id = $1 AND action = $2 AND actor_id = ANY($3::uuid[]) ORDER BY created_at`, [
      subjectId,
      action,
      Object.values(ids),
    ]);
  const setPremoderation = (authorityId: string, enabled: boolean, who: Who) =>
    call<{ setPremoderation: { authorityId: string; premoderation: boolean } }>(
      `mutation($a: ID!, $e: Boolean!) { setPremoderation(authorityId: $a, enabled: $e) { authorityId premoderation } }`,
      { a: authorityId, e: enabled },
      who,
    );

  beforeAll(async () => {
    api = await startApi();
    worker = await startWorker({ consume: false, relay: false });
    dataSource = api.get(DataSource);
    [{ id: avrilleId }] = await dataSource.query(`SELECT id FROM authority WHERE kind = 'commune' AND code = '49015'`);
    [{ id: briollayId }] = await dataSource.query(`SELECT id FROM authority WHERE kind = 'commune' AND code = '49048'`);
    // The integration database is shared across files and runs: the queue starts empty (every earlier
    // report and flag reviewed, earlier holds released), so this file's items are the only ones in it.
    await dataSource.query(`DELETE FROM need_moderation_hold`);
    await dataSource.query(
      `INSERT INTO moderation_flag (subject_type, subject_id, reviewed_at)
       SELECT 'need', need_id, now() FROM need_report UNION SELECT 'comment', comment_id, now() FROM comment_report
           UNION SELECT subject_type, subject_id, now() FROM moderation_flag
       ON CONFLICT (subject_type, subject_id) DO UPDATE SET reviewed_at = now()`,
    );
    ({ ids, tokens } = await accountsWithRoles(api, 'Modération', {
      author: null,
      resident: null,
      resident2: null,
      agentA: { role: 'agent', authorityId: avrilleId },
      agentB: { role: 'agent', authorityId: briollayId },
      moderator: { role: 'moderator' },
      admin: { role: 'admin' },
    }));
  });
  afterAll(async () => {
    // The integration database is shared by every file: Briollay moderates no more.
    await dataSource?.query(`DELETE FROM authority_moderation WHERE authority_id = $1`, [briollayId]);
    await worker?.close();
    await api?.close();
  });

  it("turns an authority's pre-moderation on and off: its agents and admins, audited", async () => {
    const read = await call<{ moderationSettings: { premoderation: boolean } }>(`query($a: ID!) { moderationSettings(authorityId: $a) { premoderation } }`, { a: briollayId }, 'agentB');
    expect(read.data!.moderationSettings).toEqual({ premoderation: false });
    expect(codeOf(await setPremoderation(briollayId, true, 'agentA'))).toBe('FORBIDDEN');
    expect(codeOf(await setPremoderation(briollayId, true, 'moderator'))).toBe('FORBIDDEN');
    const on = await setPremoderation(briollayId, true, 'agentB');
    expect(on.data!.setPremoderation).toEqual({ authorityId: briollayId, premoderation: true });
    const off = await setPremoderation(briollayId, false, 'admin');
    expect(off.data!.setPremoderation.premoderation).toBe(false);
    expect((await setPremoderation(briollayId, true, 'agentB')).data!.setPremoderation.premoderation).toBe(true);
    const audit = await auditOf(briollayId, 'authority.premoderation');
    expect(audit.map((entry: { actorId: string; before: unknown; after: unknown }) => [entry.actorId, entry.before, entry.after])).toEqual([
      [ids.agentB, { premoderation: false }, { premoderation: true }],
      [ids.admin, { premoderation: true }, { premoderation: false }],
      [ids.agentB, { premoderation: false }, { premoderation: true }],
    ]);
  });

  it('holds a need routed to a pre-moderating authority out of the public list, page, search, similar needs, supports, follows, comments and reports; its author sees it', async () => {
    const need = await routedNeed('49048', `Cantine tenue ${word} à Briollay`);
    const [row] = await dataSource.query(`SELECT n.status, h.authority_id AS "heldFor" FROM need n JOIN need_moderation_hold h ON h.need_id = n.id WHERE n.id = $1`, [need.id]);
    expect(row).toEqual({ status: 'transmitted', heldFor: briollayId });

    expect(await searchCount(`tenue ${word}`)).toBe(0);
    const all = await call<{ needs: { edges: Array<{ node: { reference: string } }> } }>(`{ needs(first: 50, filter: { communeCode: "49048" }) { edges { node { reference } } } }`, {}, null);
    expect(all.data!.needs.edges.map((edge) => edge.node.reference)).not.toContain(need.reference);
    expect((await publicNeed(need.reference, null)).data!.need).toBeNull();
    expect((await publicNeed(need.reference, 'resident')).data!.need).toBeNull();
    const own = (await publicNeed(need.reference, 'author')).data!.need!;
    expect([own.reference, own.status, own.awaitingModeration]).toEqual([need.reference, 'TRANSMITTED', true]);
    const similar = await call<{ similarNeeds: Array<{ reference: string }> }>(`query($t: String!) { similarNeeds(title: $t, communeCode: "49048") { reference } }`, { t: `Cantine tenue ${word}` }, null);
    expect(similar.data!.similarNeeds.map((found) => found.reference)).not.toContain(need.reference);

    const support = await call(`mutation($n: ID!) { supportNeed(needId: $n) { supportCount } }`, { n: need.id }, 'resident');
    expect(fieldsOf(support)).toEqual([{ field: 'needId', message: "Ce besoin n'existe pas ou n'est pas public." }]);
    const follow = await call(`mutation($n: ID!) { followNeed(needId: $n) { viewerFollows } }`, { n: need.id }, 'resident');
    expect(fieldsOf(follow)).toEqual([{ field: 'needId', message: "Ce besoin n'existe pas ou n'est pas public." }]);
    const comment = await call(`mutation($n: ID!) { postComment(needId: $n, body: "Un commentaire trop tôt") { id } }`, { n: need.id }, 'resident');
    expect(fieldsOf(comment)).toEqual([{ field: 'needId', message: "Ce besoin n'existe pas ou n'est pas ouvert aux commentaires." }]);
    const report = await call(`mutation($r: String!) { reportNeed(reference: $r, input: { reason: SPAM }) }`, { r: need.reference }, 'resident');
    expect(fieldsOf(report)).toEqual([{ field: 'reference', message: 'Ce besoin n’existe pas ou n’est pas public.' }]);

    const item = (await queue()).find((candidate) => candidate.id === need.id);
    expect(item).toEqual({
      subject: 'NEED', id: need.id, needReference: need.reference, needTitle: `Cantine tenue ${word} à Briollay`, needStatus: 'TRANSMITTED',
      authorityName: 'Briollay', commentBody: null, held: true, personalData: [], reports: [],
    });
    // Briollay's agents read their authority's held needs; Avrillé's do not.
    expect((await queue('agentB', briollayId)).map((candidate) => candidate.id)).toContain(need.id);
    expect(codeOf(await call(QUEUE, { a: briollayId }, 'agentA'))).toBe('FORBIDDEN');
    expect(codeOf(await call(QUEUE, { a: null }, 'agentB'))).toBe('FORBIDDEN');
  });

  it('approves a held need (agents of its authority, moderators, admins): public from then on, audited, once', async () => {
    const need = await routedNeed('49048', `Préau ${word} à couvrir`);
    const approve = (who: Who) => call<{ approveNeed: { reference: string; status: string } }>(`mutation($r: String!) { approveNeed(reference: $r) { reference status } }`, { r: need.reference }, who);
    expect(codeOf(await approve('agentA'))).toBe('FORBIDDEN');
    expect(codeOf(await approve('resident'))).toBe('FORBIDDEN');
    const approved = await approve('agentB');
    expect(approved.errors).toBeUndefined();
    expect(approved.data!.approveNeed).toEqual({ reference: need.reference, status: 'TRANSMITTED' });
    expect(await searchCount(`préau ${word}`)).toBe(1);
    expect((await publicNeed(need.reference, null)).data!.need!.awaitingModeration).toBe(false);
    expect(fieldsOf(await approve('moderator'))).toEqual([{ field: 'reference', message: `Le besoin ${need.reference} n’est pas en attente de modération.` }]);
    expect((await queue()).map((item) => item.id)).not.toContain(need.id);
    expect((await auditOf(need.id, 'need.approve')).map((entry: { actorId: string; before: unknown; after: unknown }) => [entry.actorId, entry.before, entry.after])).toEqual([
      [ids.agentB, { held: true, authorityId: briollayId }, { held: false }],
    ]);
  });

  it('rejects a held need by hiding it with a reason: still out of public view; un-hiding brings it back to the queue, held', async () => {
    const need = await routedNeed('49048', `Garderie ${word} refusée`);
    const reject = (reason: string, who: Who) =>
      call<{ rejectNeed: { status: string; history: Array<{ status: string; note: string | null }> } }>(
        `mutation($r: String!, $m: String!) { rejectNeed(reference: $r, reason: $m) { status history { status note } } }`,
        { r: need.reference, m: reason },
        who,
      );
    expect(fieldsOf(await reject('Court', 'agentB'))).toEqual([{ field: 'reason', message: 'Le motif doit compter entre 10 et 2000 caractères (il en compte 5).' }]);
    const rejected = await reject('Propos sans rapport avec un service public.', 'agentB');
    expect(rejected.data!.rejectNeed.status).toBe('HIDDEN');
    expect(rejected.data!.rejectNeed.history.at(-1)).toEqual({ status: 'HIDDEN', note: 'Masqué par la modération : Propos sans rapport avec un service public.' });
    expect((await publicNeed(need.reference, null)).data!.need).toBeNull();
    expect((await publicNeed(need.reference, 'author')).data!.need!.status).toBe('HIDDEN');
    expect((await queue()).map((item) => item.id)).not.toContain(need.id);
    expect(fieldsOf(await reject('Propos sans rapport avec un service public.', 'moderator'))?.map((error) => error.field)).toEqual(['status']);

    const unhidden = await call<{ unhideNeed: { status: string } }>(`mutation($r: String!) { unhideNeed(reference: $r) { status } }`, { r: need.reference }, 'moderator');
    expect(unhidden.data!.unhideNeed.status).toBe('TRANSMITTED');
    expect((await queue()).find((item) => item.id === need.id)?.held).toBe(true);
    expect((await publicNeed(need.reference, null)).data!.need).toBeNull();
  });

  it('hides a public need with a reason shown publicly (its text no longer), and un-hides it to the status before, from the history, audited', async () => {
    const need = await routedNeed('49015', `Portail ${word} de l’école`);
    const study = await call(`mutation($r: String!) { changeNeedStatus(reference: $r, input: { status: UNDER_STUDY }) { status } }`, { r: need.reference }, 'agentA');
    expect(study.errors).toBeUndefined();
    const hide = await call(`mutation($r: String!) { changeNeedStatus(reference: $r, input: { status: HIDDEN, reason: "Le texte met en cause une personne nommée." }) { status } }`, { r: need.reference }, 'moderator');
    expect(hide.errors).toBeUndefined();
    const shown = (await publicNeed(need.reference, 'resident')).data!.need!;
    expect([shown.status, shown.title, shown.description]).toEqual(['HIDDEN', 'Besoin masqué par la modération', 'Ce besoin a été masqué par la modération. Le motif figure dans son historique.']);
    expect(shown.history.at(-1)).toEqual({ status: 'HIDDEN', note: 'Masqué par la modération : Le texte met en cause une personne nommée.' });
    expect((await publicNeed(need.reference, 'author')).data!.need!.title).toBe(`Portail ${word} de l’école`);

    const unhide = (who: Who) => call<{ unhideNeed: { status: string; history: Array<{ status: string; note: string | null }> } }>(
      `mutation($r: String!) { unhideNeed(reference: $r) { status history { status note } } }`,
      { r: need.reference },
      who,
    );
    expect(codeOf(await unhide('agentA'))).toBe('FORBIDDEN');
    expect(codeOf(await unhide('author'))).toBe('FORBIDDEN');
    const restored = await unhide('moderator');
    expect(restored.data!.unhideNeed.status).toBe('UNDER_STUDY');
    expect(restored.data!.unhideNeed.history.map((change) => change.status)).toEqual(['RECEIVED', 'TRANSMITTED', 'UNDER_STUDY', 'HIDDEN', 'UNDER_STUDY']);
    expect(restored.data!.unhideNeed.history.at(-1)!.note).toBe('Rétabli par la modération.');
    expect((await publicNeed(need.reference, null)).data!.need!.title).toBe(`Portail ${word} de l’école`);
    expect(fieldsOf(await unhide('admin'))).toEqual([{ field: 'reference', message: `Le besoin ${need.reference} n’est pas masqué.` }]);
    expect((await auditOf(need.id, 'need.unhide')).map((entry: { actorId: string; before: { status: string }; after: { status: string } }) => [entry.actorId, entry.before.status, entry.after.status])).toEqual([
      [ids.moderator, 'hidden', 'under_study'],
    ]);

    // Hidden a second time, then un-hidden: the status before the latest hiding.
    await call(`mutation($r: String!) { changeNeedStatus(reference: $r, input: { status: ACCEPTED }) { status } }`, { r: need.reference }, 'agentA');
    await call(`mutation($r: String!) { changeNeedStatus(reference: $r, input: { status: HIDDEN, reason: "Un second motif assez long." }) { status } }`, { r: need.reference }, 'admin');
    expect((await unhide('admin')).data!.unhideNeed.status).toBe('ACCEPTED');
  });

  it('takes one report per person and need, lists them in the queue, and dismisses them (moderators and admins), audited', async () => {
    const need = await routedNeed('49015', `Cour ${word} signalée`);
    const report = (who: Who | null, input: Record<string, unknown>) => call<{ reportNeed: boolean }>(`mutation($r: String!, $i: ReportNeedInput!) { reportNeed(reference: $r, input: $i) }`, { r: need.reference, i: input }, who);
    expect(codeOf(await report(null, { reason: 'SPAM' }))).toBe('UNAUTHENTICATED');
    expect(fieldsOf(await report('author', { reason: 'SPAM' }))).toEqual([{ field: 'reference', message: 'Vous ne pouvez pas signaler votre propre besoin : modifiez-le ou retirez-le.' }]);
    expect(fieldsOf(await report('resident', { reason: 'ABUSE', detail: 'x'.repeat(501) }))).toEqual([{ field: 'detail', message: 'La précision compte 500 caractères au plus (elle en compte 501).' }]);
    expect((await report('resident', { reason: 'ABUSE', detail: '  Des propos insultants.  ' })).data!.reportNeed).toBe(true);
    expect(fieldsOf(await report('resident', { reason: 'SPAM' }))).toEqual([{ field: 'reference', message: 'Vous avez déjà signalé ce besoin : la modération va l’examiner.' }]);
    const unknown = await call(`mutation { reportNeed(reference: "B-ZZZZZZ", input: { reason: SPAM }) }`, {}, 'resident');
    expect(fieldsOf(unknown)).toEqual([{ field: 'reference', message: 'Ce besoin n’existe pas.' }]);

    const [reporter] = await dataSource.query(`SELECT pseudonym FROM person WHERE id = $1`, [ids.resident]);
    const item = (await queue('admin')).find((candidate) => candidate.id === need.id)!;
    expect([item.held, item.reports]).toEqual([false, [{ reason: 'abuse', reasonLabel: 'Propos injurieux, haineux ou menaçants', detail: 'Des propos insultants.', reporterPseudonym: reporter.pseudonym }]]);

    const dismiss = (who: Who) => call<{ dismissReports: boolean }>(`mutation($i: ID!) { dismissReports(subject: NEED, id: $i) }`, { i: need.id }, who);
    expect(codeOf(await dismiss('agentA'))).toBe('FORBIDDEN');
    expect((await dismiss('moderator')).data!.dismissReports).toBe(true);
    expect((await queue()).map((candidate) => candidate.id)).not.toContain(need.id);
    expect(fieldsOf(await dismiss('moderator'))).toEqual([{ field: 'id', message: 'Rien n’est en attente de modération pour cet élément.' }]);
    expect((await auditOf(need.id, 'moderation.dismiss')).map((entry: { actorId: string; before: unknown }) => [entry.actorId, entry.before])).toEqual([
      [ids.moderator, { reports: 1, personalData: [] }],
    ]);
    // A new report after the review brings the need back, with that report only.
    expect((await report('resident2', { reason: 'NOT_A_NEED' })).data!.reportNeed).toBe(true);
    expect((await queue()).find((candidate) => candidate.id === need.id)!.reports.map((entry) => entry.reason)).toEqual(['not_a_need']);
  });

  it('masks phone numbers and email addresses in need and comment text at write time, flags them, and tells the need’s author', async () => {
    const need = await routedNeed('49015', `Cantine ${word} : écrire à parent.eleve@exemple.fr`, 'Appelez-moi au 06 12 34 56 78 pour en parler, le soir après 18 h.');
    expect(need.title).toBe(`Cantine ${word} : écrire à [adresse e-mail masquée]`);
    expect(need.description).toBe('Appelez-moi au [numéro masqué] pour en parler, le soir après 18 h.');
    const [stored] = await dataSource.query(`SELECT title, description FROM need WHERE id = $1`, [need.id]);
    expect(stored).toEqual({ title: `Cantine ${word} : écrire à [adresse e-mail masquée]`, description: 'Appelez-moi au [numéro masqué] pour en parler, le soir après 18 h.' });
    expect((await publicNeed(need.reference, 'author')).data!.need!.maskedPersonalData).toEqual(['PHONE', 'EMAIL']);
    expect((await publicNeed(need.reference, 'resident')).data!.need!.maskedPersonalData).toEqual([]);
    expect((await queue()).find((item) => item.id === need.id)!.personalData).toEqual(['PHONE', 'EMAIL']);

    const edited = await call<{ updateNeed: { description: string } }>(
      `mutation($r: String!, $i: UpdateNeedInput!) { updateNeed(reference: $r, input: $i) { description } }`,
      { r: need.reference, i: { title: `Cantine ${word} sans adresse`, description: 'Mon fixe : +33 2 41 05 40 00, merci de rappeler.' } },
      'author',
    );
    expect(edited.data!.updateNeed.description).toBe('Mon fixe : [numéro masqué], merci de rappeler.');
    expect((await queue()).find((item) => item.id === need.id)!.personalData).toEqual(['PHONE']);

    const posted = await call<{ postComment: { id: string; body: string } }>(`mutation($n: ID!) { postComment(needId: $n, body: "Écrivez-moi : voisin@exemple.org") { id body } }`, { n: need.id }, 'resident');
    expect(posted.data!.postComment.body).toBe('Écrivez-moi : [adresse e-mail masquée]');
    const comment = (await queue()).find((item) => item.id === posted.data!.postComment.id)!;
    expect([comment.subject, comment.needReference, comment.commentBody, comment.personalData]).toEqual(['COMMENT', need.reference, 'Écrivez-moi : [adresse e-mail masquée]', ['EMAIL']]);
    // A comment report joins the same item; dismissing clears both.
    expect((await call(`mutation($c: ID!) { reportComment(commentId: $c, reason: OFF_TOPIC) }`, { c: posted.data!.postComment.id }, 'resident2')).errors).toBeUndefined();
    expect((await queue()).find((item) => item.id === posted.data!.postComment.id)!.reports.map((entry) => entry.reasonLabel)).toEqual(['Sans rapport avec le besoin']);
    expect((await call(`mutation($i: ID!) { dismissReports(subject: COMMENT, id: $i) }`, { i: posted.data!.postComment.id }, 'admin')).data).toEqual({ dismissReports: true });
    expect((await queue()).map((item) => item.id)).not.toContain(posted.data!.postComment.id);
    expect((await auditOf(posted.data!.postComment.id, 'moderation.dismiss'))[0].before).toEqual({ reports: 1, personalData: ['email'] });
  });

  it('hides a comment with a public reason shown in its place (moderators and admins), audited; its author can no longer edit it', async () => {
    const need = await routedNeed('49015', `Cantine ${word} commentée`);
    const posted = await call<{ postComment: { id: string } }>(`mutation($n: ID!) { postComment(needId: $n, body: "Des propos insultants envers la cantinière.") { id } }`, { n: need.id }, 'resident');
    const id = posted.data!.postComment.id;
    expect((await call(`mutation($c: ID!) { reportComment(commentId: $c, reason: ABUSE) }`, { c: id }, 'resident2')).errors).toBeUndefined();
    const hide = (reason: string, who: Who) => call<{ hideComment: boolean }>(`mutation($c: ID!, $m: String!) { hideComment(id: $c, reason: $m) }`, { c: id, m: reason }, who);
    expect(codeOf(await hide('Propos injurieux envers une personne.', 'agentA'))).toBe('FORBIDDEN');
    expect(fieldsOf(await hide('Court', 'moderator'))).toEqual([{ field: 'reason', message: 'Le motif doit compter entre 10 et 2000 caractères (il en compte 5).' }]);
    expect((await hide('Propos injurieux envers une personne.', 'moderator')).data!.hideComment).toBe(true);
    expect(fieldsOf(await hide('Propos injurieux envers une personne.', 'admin'))).toEqual([{ field: 'id', message: 'Ce commentaire n’existe pas, a été supprimé ou est déjà masqué.' }]);

    const shown = await call<{ need: { comments: { edges: Array<{ node: { id: string; body: string; hidden: boolean } }> } } }>(
      `query($r: String!) { need(reference: $r) { comments(first: 10) { edges { node { id body hidden } } } } }`,
      { r: need.reference },
      null,
    );
    expect(shown.data!.need.comments.edges.map((edge) => edge.node)).toEqual([{ id, body: 'Masqué par la modération : Propos injurieux envers une personne.', hidden: true }]);
    expect((await queue()).map((item) => item.id)).not.toContain(id);
    const edit = await call(`mutation($c: ID!) { editComment(commentId: $c, body: "Je retire ce que j’ai dit.") { id } }`, { c: id }, 'resident');
    expect(fieldsOf(edit)).toEqual([{ field: 'commentId', message: 'Ce commentaire a été masqué par la modération : il ne peut plus être modifié.' }]);
    expect((await auditOf(id, 'comment.hide')).map((entry: { actorId: string; before: unknown; after: unknown }) => [entry.actorId, entry.before, entry.after])).toEqual([
      [ids.moderator, { hidden: false }, { hidden: true, reason: 'Propos injurieux envers une personne.' }],
    ]);
  });
});

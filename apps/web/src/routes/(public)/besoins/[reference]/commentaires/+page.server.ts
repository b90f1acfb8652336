import { error, redirect } from '@sveltejs/kit';
import { normalizeReference } from '@pit/domain';
import type { Actions, PageServerLoad } from './$types';
import { currentPath, loginUrl, safeReturnPath } from '$lib/return-path';
import { apiFailure } from '$lib/server/failures';
import { flash } from '$lib/server/flash';
import { apiFormFailure, field, invalid } from '$lib/server/forms';
import {
  CommentOrganisations,
  DeleteComment,
  EditComment,
  NeedCommentsPage,
  PostComment,
  ReportComment,
  type CommentReportReasonEnum,
} from '$lib/server/operations';

// All the comments of a need, 10 threads a page (?apres=<cursor>), and the actions on one comment
// (?commentaire=<id>): reply, edit (its author, 15 minutes), delete (its author), report (others).
// Every action answers 303 back (to `retour`, a path of this site) with a notice, or this page with
// the refusal and the typed text.

// Server-only (no client JavaScript): its forms are plain posts. Hydrating it would add its code to
// every hydrated page (bundleStrategy 'inline') for little gain: the need page's own comment form is
// the enhanced one.
export const csr = false;

const PAGE_SIZE = 10;
const REPORT_REASONS: Record<CommentReportReasonEnum, string> = {
  SPAM: 'Publicité ou spam',
  ABUSE: 'Propos injurieux, haineux ou menaçants',
  PERSONAL_DATA: 'Données personnelles (nom, adresse, téléphone…)',
  OFF_TOPIC: 'Sans rapport avec le besoin',
  OTHER: 'Autre raison',
};

function referenceOf(params: { reference: string }): string {
  const reference = normalizeReference(params.reference);
  if (!reference) error(404, `Aucun besoin ne porte la référence « ${params.reference} ».`);
  return reference;
}

export const load: PageServerLoad = async ({ params, locals, url }) => {
  const reference = referenceOf(params);
  if (reference !== params.reference) redirect(301, `/besoins/${reference}/commentaires${url.search}`);
  const after = url.searchParams.get('apres')?.slice(0, 200) || null;
  const selectedId = url.searchParams.get('commentaire')?.slice(0, 100) || null;
  const [{ need }, organisations] = await Promise.all([
    locals.api(NeedCommentsPage, { reference, first: PAGE_SIZE, after }).catch(apiFailure),
    locals.me ? locals.api(CommentOrganisations).then((data) => data.myOrganisations.filter((o) => o.myRole === 'REPRESENTATIVE')).catch(() => []) : Promise.resolve([]),
  ]);
  if (!need) error(404, `Aucun besoin public ne porte la référence ${reference}.`);
  const threads = need.comments.edges.map((edge) => edge.node);
  const selected = selectedId ? (threads.flatMap((thread) => [thread, ...thread.replies]).find((comment) => comment.id === selectedId) ?? null) : null;
  return {
    need,
    after,
    selectedId,
    selected,
    organisations: organisations.map((o) => ({ id: o.id, name: o.name })),
    reasons: Object.entries(REPORT_REASONS).map(([value, label]) => ({ value, label })),
    loginHref: loginUrl(currentPath(url)),
  };
};

async function needIdOf(locals: App.Locals, reference: string): Promise<string> {
  const { need } = await locals.api(NeedCommentsPage, { reference, first: 1, after: null }).catch(apiFailure);
  if (!need) error(404, `Aucun besoin public ne porte la référence ${reference}.`);
  return need.id;
}

/** Where to go back: the posted `retour` when it is a path of this site, else this page. */
function backOf(data: FormData, reference: string): string {
  return safeReturnPath(field(data, 'retour', { max: 500 }), `/besoins/${reference}/commentaires`);
}

function requireVisitor(locals: App.Locals, back: string): void {
  if (!locals.me) redirect(303, loginUrl(back));
}

function withAnchor(path: string, id: string): string {
  return `${path.split('#')[0]}#commentaire-${id}`;
}

export const actions: Actions = {
  publier: async ({ request, locals, params, cookies, url }) => {
    const reference = referenceOf(params);
    const data = await request.formData();
    const back = backOf(data, reference);
    requireVisitor(locals, back);
    const values = { body: field(data, 'body', { max: 10_000 }), parentId: field(data, 'parentId', { max: 100 }), organisationId: field(data, 'organisationId', { max: 100 }) };
    if (!values.body) return invalid('publier', values, { body: 'Écrivez votre commentaire.' });
    let id: string;
    let body: string | null;
    try {
      const needId = await needIdOf(locals, reference);
      ({ postComment: { id, body } } = await locals.api(PostComment, { needId, body: values.body, parentId: values.parentId || null, organisationId: values.organisationId || null }));
    } catch (e) {
      return apiFormFailure(e, { form: 'publier', values, fields: ['body', 'organisationId'], returnTo: back });
    }
    // The api masks phone numbers and email addresses (moderation): tell the author.
    flash(cookies, url, body !== null && body !== values.body && /\[(numéro masqué|adresse e-mail masquée)\]/.test(body) ? 'commentaire-publie-masque' : 'commentaire-publie');
    redirect(303, withAnchor(back, id));
  },

  modifier: async ({ request, locals, params, cookies, url }) => {
    const reference = referenceOf(params);
    const data = await request.formData();
    const back = backOf(data, reference);
    requireVisitor(locals, back);
    const values = { commentId: field(data, 'commentId', { max: 100 }), body: field(data, 'body', { max: 10_000 }) };
    if (!values.body) return invalid('modifier', values, { body: 'Écrivez votre commentaire.' });
    try {
      await locals.api(EditComment, values);
    } catch (e) {
      return apiFormFailure(e, { form: 'modifier', values, fields: ['body'], returnTo: back });
    }
    flash(cookies, url, 'commentaire-modifie');
    redirect(303, withAnchor(back, values.commentId));
  },

  supprimer: async ({ request, locals, params, cookies, url }) => {
    const reference = referenceOf(params);
    const data = await request.formData();
    const back = backOf(data, reference);
    requireVisitor(locals, back);
    const commentId = field(data, 'commentId', { max: 100 });
    try {
      await locals.api(DeleteComment, { commentId });
    } catch (e) {
      return apiFormFailure(e, { form: 'supprimer', values: { commentId }, fields: [], returnTo: back });
    }
    flash(cookies, url, 'commentaire-supprime');
    redirect(303, withAnchor(back, commentId));
  },

  signaler: async ({ request, locals, params, cookies, url }) => {
    const reference = referenceOf(params);
    const data = await request.formData();
    const back = backOf(data, reference);
    requireVisitor(locals, back);
    const values = { commentId: field(data, 'commentId', { max: 100 }), reason: field(data, 'reason', { max: 40 }), detail: field(data, 'detail', { max: 5000 }) };
    if (!Object.hasOwn(REPORT_REASONS, values.reason)) return invalid('signaler', values, { reason: 'Choisissez la raison du signalement.' });
    try {
      await locals.api(ReportComment, { commentId: values.commentId, reason: values.reason as CommentReportReasonEnum, detail: values.detail || null });
    } catch (e) {
      return apiFormFailure(e, { form: 'signaler', values, fields: ['reason', 'detail'], returnTo: back });
    }
    flash(cookies, url, 'commentaire-signale');
    redirect(303, withAnchor(back, values.commentId));
  },
};

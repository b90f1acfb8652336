import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { NeedStatus, redactPersonalData } from '@pit/domain';
import { badUserInput, tooManyAttempts, type FieldError } from '@pit/core';
import { AccessService, ThrottleService, type Actor } from '@pit/accounts';
import { cleanText, flagPersonalData, heldSql } from '@pit/needs';
import { COMMENT_LIMITS, COMMENT_REPORT_REASONS, type CommentReportReason } from './comment-rules.js';
import { CommentsRepository, type CommentPosition, type CommentView } from './comments.repository.js';

// Control characters other than tab and line breaks never belong in a comment.
const FORBIDDEN_CHARACTERS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F\uFFFE\uFFFF]/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
// Needs nobody may comment on: not public yet (or held by pre-moderation), or hidden by moderation.
const CLOSED_STATUSES: readonly string[] = [NeedStatus.PendingConfirmation, NeedStatus.Hidden, 'held'];

export function validateCommentBody(body: string): FieldError[] {
  const length = [...body].length;
  const { min, max } = COMMENT_LIMITS.body;
  if (!length) return [{ field: 'body', message: 'Écrivez votre commentaire.' }];
  if (length < min || length > max) return [{ field: 'body', message: `Le commentaire doit compter entre ${min} et ${max} caractères (il en compte ${length}).` }];
  if (FORBIDDEN_CHARACTERS.test(body)) return [{ field: 'body', message: 'Le commentaire contient des caractères de contrôle non autorisés.' }];
  return [];
}

export interface CommentReportView {
  commentId: string;
  needReference: string;
  commentBody: string | null;
  commentAuthorPseudonym: string | null;
  reporterPseudonym: string;
  reason: CommentReportReason;
  detail: string | null;
  createdAt: Date;
}

@Injectable()
export class CommentsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly repository: CommentsRepository,
    private readonly access: AccessService,
    private readonly throttle: ThrottleService,
  ) {}

  /**
   * Posts a comment on a public need. A reply to a reply is attached to that reply's top-level
   * comment (threads are one level deep). Side effects, in one transaction: a comment row and a
   * throttle attempt (COMMENT_LIMITS.perWindow per person and window).
   */
  async post(actor: Actor, input: { needId: string; body: string; parentId?: string | null; organisationId?: string | null }): Promise<CommentView> {
    const cleaned = cleanText(input.body.slice(0, COMMENT_LIMITS.body.max * 4));
    const errors = validateCommentBody(cleaned);
    // Phone numbers and email addresses never reach the public text; the comment is flagged for moderation.
    const { text: body, kinds } = redactPersonalData(cleaned);
    if (!UUID.test(input.needId)) errors.push({ field: 'needId', message: "Ce besoin n'existe pas." });
    if (input.parentId && !UUID.test(input.parentId)) errors.push({ field: 'parentId', message: "Le commentaire auquel vous répondez n'existe pas." });
    if (errors.length) throw badUserInput(errors);
    if (input.organisationId) await this.access.require(actor, 'organisation.manage', [input.organisationId]);

    const throttleKey = `comment:person:${actor.personId}`;
    const id = await this.dataSource.transaction(async (manager) => {
      const [need] = await manager.query(`SELECT CASE WHEN ${heldSql('need')} THEN 'held' ELSE status END AS status FROM need WHERE id = $1`, [input.needId]);
      if (!need || CLOSED_STATUSES.includes(need.status)) throw badUserInput([{ field: 'needId', message: "Ce besoin n'existe pas ou n'est pas ouvert aux commentaires." }]);
      let parentId: string | null = null;
      if (input.parentId) {
        const [parent] = await manager.query(`SELECT id, parent_id AS "parentId" FROM comment WHERE id = $1 AND need_id = $2`, [input.parentId, input.needId]);
        if (!parent) throw badUserInput([{ field: 'parentId', message: "Le commentaire auquel vous répondez n'existe pas." }]);
        parentId = parent.parentId ?? parent.id;
      }
      const state = await this.throttle.state(throttleKey, COMMENT_LIMITS.perWindow, COMMENT_LIMITS.windowSeconds, manager);
      if (state.blocked) {
        throw tooManyAttempts(
          `Vous avez publié ${COMMENT_LIMITS.perWindow} commentaires en peu de temps. Réessayez dans ${Math.ceil(state.retryAfterSeconds / 60)} minutes.`,
          state.retryAfterSeconds,
        );
      }
      const [row] = await manager.query(
        `INSERT INTO comment (need_id, parent_id, author_id, organisation_id, body) VALUES ($1, $2, $3, $4, $5) RETURNING id`,
        [input.needId, parentId, actor.personId, input.organisationId ?? null, body],
      );
      await this.throttle.record([throttleKey], manager);
      await flagPersonalData(manager, 'comment', row.id, kinds);
      return row.id as string;
    });
    return (await this.repository.findById(id))!;
  }

  /** The author edits a comment within COMMENT_LIMITS.editMinutes of posting it. Side effects: body and edited_at. */
  async edit(actor: Actor, commentId: string, rawBody: string): Promise<CommentView> {
    await this.access.require(actor, 'comment.author', [commentId]);
    const cleaned = cleanText(rawBody.slice(0, COMMENT_LIMITS.body.max * 4));
    const errors = validateCommentBody(cleaned);
    if (errors.length) throw badUserInput(errors);
    const { text: body, kinds } = redactPersonalData(cleaned);
    await this.dataSource.transaction(async (manager) => {
      const [comment] = await manager.query(
        `SELECT deleted_at AS "deletedAt", hidden_at AS "hiddenAt", created_at + make_interval(mins => $2) > now() AS editable FROM comment WHERE id = $1 FOR UPDATE`,
        [commentId, COMMENT_LIMITS.editMinutes],
      );
      if (comment.deletedAt) throw badUserInput([{ field: 'commentId', message: 'Ce commentaire a été supprimé : il ne peut plus être modifié.' }]);
      if (comment.hiddenAt) throw badUserInput([{ field: 'commentId', message: 'Ce commentaire a été masqué par la modération : il ne peut plus être modifié.' }]);
      if (!comment.editable) {
        throw badUserInput([
          { field: 'body', message: `Ce commentaire ne peut plus être modifié : la modification est possible pendant ${COMMENT_LIMITS.editMinutes} minutes après sa publication.` },
        ]);
      }
      await manager.query(`UPDATE comment SET body = $2, edited_at = now() WHERE id = $1`, [commentId, body]);
      await flagPersonalData(manager, 'comment', commentId, kinds);
    });
    return (await this.repository.findById(commentId))!;
  }

  /** The author deletes a comment: it stays in its thread as "supprimé par son auteur". Side effect: deleted_at. */
  async delete(actor: Actor, commentId: string): Promise<CommentView> {
    await this.access.require(actor, 'comment.author', [commentId]);
    await this.dataSource.query(`UPDATE comment SET deleted_at = now() WHERE id = $1 AND deleted_at IS NULL`, [commentId]);
    return (await this.repository.findById(commentId))!;
  }

  /** Any logged-in person reports a comment once, for moderation. Side effect: one comment_report row. */
  async report(actor: Actor, commentId: string, reason: CommentReportReason, rawDetail: string | null): Promise<boolean> {
    const detail = rawDetail ? cleanText(rawDetail) : '';
    const errors: FieldError[] = [];
    if (!COMMENT_REPORT_REASONS.includes(reason)) errors.push({ field: 'reason', message: 'Choisissez une raison dans la liste.' });
    if ([...detail].length > COMMENT_LIMITS.detail.max)
      errors.push({ field: 'detail', message: `La précision compte ${COMMENT_LIMITS.detail.max} caractères au plus (elle en compte ${[...detail].length}).` });
    else if (FORBIDDEN_CHARACTERS.test(detail)) errors.push({ field: 'detail', message: 'La précision contient des caractères de contrôle non autorisés.' });
    if (!UUID.test(commentId)) errors.push({ field: 'commentId', message: "Ce commentaire n'existe pas." });
    if (errors.length) throw badUserInput(errors);
    return this.dataSource.transaction(async (manager) => {
      const [comment] = await manager.query(`SELECT author_id AS "authorId", deleted_at AS "deletedAt" FROM comment WHERE id = $1`, [commentId]);
      if (!comment || comment.deletedAt) throw badUserInput([{ field: 'commentId', message: "Ce commentaire n'existe pas ou a été supprimé." }]);
      if (comment.authorId === actor.personId) throw badUserInput([{ field: 'commentId', message: 'Vous ne pouvez pas signaler votre propre commentaire : modifiez-le ou supprimez-le.' }]);
      const inserted = await manager.query(
        `INSERT INTO comment_report (comment_id, reporter_id, reason, detail) VALUES ($1, $2, $3, $4)
         ON CONFLICT (comment_id, reporter_id) DO NOTHING RETURNING comment_id`,
        [commentId, actor.personId, reason, detail || null],
      );
      if (!inserted.length) throw badUserInput([{ field: 'commentId', message: 'Vous avez déjà signalé ce commentaire : la modération va l’examiner.' }]);
      return true;
    });
  }

  /** Reports, newest first: for moderators and admins (the moderation queue comes with issue 5). */
  async reports(actor: Actor | null, first: number): Promise<CommentReportView[]> {
    await this.access.require(actor, 'comment.moderate');
    return this.dataSource.query(
      `SELECT r.comment_id AS "commentId", n.reference AS "needReference",
              CASE WHEN c.deleted_at IS NULL THEN c.body END AS "commentBody",
              a.pseudonym AS "commentAuthorPseudonym", p.pseudonym AS "reporterPseudonym",
              r.reason, r.detail, r.created_at AS "createdAt"
         FROM comment_report r
         JOIN comment c ON c.id = r.comment_id
         JOIN need n ON n.id = c.need_id
         JOIN person p ON p.id = r.reporter_id
         LEFT JOIN person a ON a.id = c.author_id
        ORDER BY r.created_at DESC, r.comment_id, r.reporter_id
        LIMIT $1`,
      [Math.min(Math.max(first, 1), 100)],
    );
  }

  async page(needId: string, first: number | null | undefined, after: CommentPosition | null) {
    const size = Math.min(Math.max(first ?? COMMENT_LIMITS.pageSize.default, 1), COMMENT_LIMITS.pageSize.max);
    return this.repository.page(needId, size, after);
  }
}

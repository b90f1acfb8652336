import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { NEED_REPORT_REASONS, NeedStatus, REPORT_DETAIL_MAX, WORKFLOW_TEXT_LIMITS, type NeedReportReason } from '@pit/domain';
import { AuditService, badUserInput, type FieldError } from '@pit/core';
import type { Actor } from '@pit/accounts';
import { NeedsRepository, type NeedView } from '../needs.repository.js';
import { NeedWorkflowService } from '../need-workflow.service.js';
import { cleanText } from '../needs.service.js';
import { ModerationRepository, type ModerationItemView, type ModerationSettingsView, type ModerationSubjectType } from './moderation.repository.js';

// Control characters other than tab and line breaks never belong in a report.
const FORBIDDEN_CHARACTERS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F\uFFFE\uFFFF]/;
/** Needs nobody may report: not public (yet), or already hidden. */
const NOT_REPORTABLE: readonly NeedStatus[] = [NeedStatus.PendingConfirmation, NeedStatus.Hidden];
export const MODERATION_QUEUE_MAX = 100;

/**
 * Moderation (issue 5 item 7): pre-moderation per authority, residents' reports of needs, the queue
 * that gathers held needs, reported needs and comments and masked personal data, approval,
 * rejection, un-hiding and dismissal. Authorization is the caller's (AccessService); every staff
 * write is audited in its transaction.
 */
@Injectable()
export class ModerationService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly repository: ModerationRepository,
    private readonly needs: NeedsRepository,
    private readonly workflow: NeedWorkflowService,
    private readonly audit: AuditService,
  ) {}

  queue(first: number | null | undefined, authorityId: string | null): Promise<ModerationItemView[]> {
    return this.repository.queue(Math.min(Math.max(first ?? 50, 1), MODERATION_QUEUE_MAX), authorityId);
  }

  settings(authorityId: string): Promise<ModerationSettingsView> {
    return this.repository.settings(authorityId);
  }

  /** Turns an authority's pre-moderation on or off (new needs only). Side effects: the setting, one audit entry. */
  async setPremoderation(actor: Actor, authorityId: string, premoderation: boolean): Promise<ModerationSettingsView> {
    await this.dataSource.transaction(async (manager) => {
      // An admin may name any authority: one that does not exist is refused, not left to the foreign key.
      const [authority] = await manager.query(`SELECT 1 FROM authority WHERE id = $1`, [authorityId]);
      if (!authority) throw badUserInput([{ field: 'authorityId', message: 'Cette collectivité n’existe pas.' }]);
      const before = await this.repository.setPremoderation(manager, authorityId, premoderation, actor.personId);
      await this.audit.record(manager, {
        actorId: actor.personId,
        action: 'authority.premoderation',
        subjectType: 'authority',
        subjectId: authorityId,
        before: { premoderation: before },
        after: { premoderation },
      });
    });
    return this.repository.settings(authorityId);
  }

  /** Publishes a need held by pre-moderation. Side effects: the hold deleted, the need marked reviewed, one audit entry. */
  async approve(actor: Actor, needId: string): Promise<NeedView> {
    await this.dataSource.transaction(async (manager) => {
      const need = await this.repository.lockNeed(manager, needId);
      if (!need) throw badUserInput([{ field: 'reference', message: 'Ce besoin n’existe pas.' }]);
      if (need.status === NeedStatus.Hidden) {
        throw badUserInput([{ field: 'reference', message: 'Ce besoin est masqué par la modération : rétablissez-le avant de l’approuver.' }]);
      }
      const heldFor = await this.repository.release(manager, needId);
      if (!heldFor) throw badUserInput([{ field: 'reference', message: `Le besoin ${need.reference} n’est pas en attente de modération.` }]);
      await this.repository.markReviewed(manager, 'need', needId, actor.personId);
      await this.audit.record(manager, {
        actorId: actor.personId,
        action: 'need.approve',
        subjectType: 'need',
        subjectId: needId,
        before: { held: true, authorityId: heldFor },
        after: { held: false },
      });
    });
    return (await this.needs.findById(needId))!;
  }

  /**
   * Rejects a need held by pre-moderation: it becomes masqué with the public reason (its author sees
   * it) and stays out of public view. Side effects: those of a status change (history row, audit entry).
   */
  async reject(actor: Actor, needId: string, reason: string): Promise<NeedView> {
    if (!(await this.repository.isHeld(needId))) throw badUserInput([{ field: 'reference', message: 'Ce besoin n’est pas en attente de modération.' }]);
    return this.workflow.changeStatus(actor, needId, { status: NeedStatus.Hidden, reason });
  }

  /**
   * Restores a need hidden by moderation to the status it had before (from its history): a
   * moderation operation beside the workflow, which never leaves masqué. Side effects: the status,
   * a public history row (which tells followers), the need marked reviewed, one audit entry.
   */
  async unhide(actor: Actor, needId: string): Promise<NeedView> {
    await this.dataSource.transaction(async (manager) => {
      const need = await this.repository.lockNeed(manager, needId);
      if (!need) throw badUserInput([{ field: 'reference', message: 'Ce besoin n’existe pas.' }]);
      if (need.status !== NeedStatus.Hidden) throw badUserInput([{ field: 'reference', message: `Le besoin ${need.reference} n’est pas masqué.` }]);
      const restored = (await this.repository.statusBeforeHiding(manager, needId)) ?? NeedStatus.Received;
      await this.needs.setStatus(manager, needId, restored);
      const statusChangeId = await this.needs.insertStatusChange(manager, needId, restored, 'Rétabli par la modération.');
      await this.repository.markReviewed(manager, 'need', needId, actor.personId);
      await this.audit.record(manager, {
        actorId: actor.personId,
        action: 'need.unhide',
        subjectType: 'need',
        subjectId: needId,
        before: { status: NeedStatus.Hidden },
        after: { status: restored, statusChangeId },
      });
    });
    return (await this.needs.findById(needId))!;
  }

  /** Clears a need's or comment's pending reports and masked-data flag from the queue. Side effects: the review time, one audit entry. */
  async dismiss(actor: Actor, subjectType: ModerationSubjectType, subjectId: string): Promise<boolean> {
    await this.dataSource.transaction(async (manager) => {
      const pending = await this.repository.pending(manager, subjectType, subjectId);
      if (!pending.reports && !pending.personalData.length) {
        throw badUserInput([{ field: 'id', message: 'Rien n’est en attente de modération pour cet élément.' }]);
      }
      await this.repository.markReviewed(manager, subjectType, subjectId, actor.personId);
      await this.audit.record(manager, {
        actorId: actor.personId,
        action: 'moderation.dismiss',
        subjectType,
        subjectId,
        before: { reports: pending.reports, personalData: pending.personalData },
        after: { reports: 0, personalData: [] },
      });
    });
    return true;
  }

  /**
   * Hides a comment with a public reason: it stays in its thread, its text replaced by "Masqué par la
   * modération : <reason>". Side effects: the comment's hidden_* columns, the comment marked reviewed
   * (it leaves the queue), one audit entry.
   */
  async hideComment(actor: Actor, commentId: string, rawReason: string): Promise<boolean> {
    const reason = cleanText(rawReason);
    const length = [...reason].length;
    const { min, max } = WORKFLOW_TEXT_LIMITS.reason;
    if (!length) throw badUserInput([{ field: 'reason', message: 'Indiquez le motif : il sera affiché publiquement.' }]);
    if (length < min || length > max) throw badUserInput([{ field: 'reason', message: `Le motif doit compter entre ${min} et ${max} caractères (il en compte ${length}).` }]);
    await this.dataSource.transaction(async (manager) => {
      if (!(await this.repository.hideComment(manager, commentId, reason, actor.personId))) {
        throw badUserInput([{ field: 'id', message: 'Ce commentaire n’existe pas, a été supprimé ou est déjà masqué.' }]);
      }
      await this.repository.markReviewed(manager, 'comment', commentId, actor.personId);
      await this.audit.record(manager, {
        actorId: actor.personId,
        action: 'comment.hide',
        subjectType: 'comment',
        subjectId: commentId,
        before: { hidden: false },
        after: { hidden: true, reason },
      });
    });
    return true;
  }

  /**
   * A logged-in person reports a public need once, with a reason of NEED_REPORT_REASONS and an
   * optional detail. Side effect: one need_report row (the need enters the moderation queue).
   */
  async report(actor: Actor, needId: string | null, input: { reason: string; detail?: string | null }): Promise<boolean> {
    const detail = cleanText(input.detail ?? '');
    const errors: FieldError[] = [];
    if (!NEED_REPORT_REASONS.includes(input.reason as NeedReportReason)) errors.push({ field: 'reason', message: 'Choisissez une raison dans la liste.' });
    if ([...detail].length > REPORT_DETAIL_MAX) {
      errors.push({ field: 'detail', message: `La précision compte ${REPORT_DETAIL_MAX} caractères au plus (elle en compte ${[...detail].length}).` });
    } else if (FORBIDDEN_CHARACTERS.test(detail)) errors.push({ field: 'detail', message: 'La précision contient des caractères de contrôle non autorisés.' });
    if (!needId) errors.push({ field: 'reference', message: 'Ce besoin n’existe pas.' });
    if (errors.length) throw badUserInput(errors);
    await this.dataSource.transaction(async (manager) => {
      const need = await this.repository.lockNeed(manager, needId!, false);
      if (!need || NOT_REPORTABLE.includes(need.status) || (await this.repository.isHeld(needId!, manager))) {
        throw badUserInput([{ field: 'reference', message: 'Ce besoin n’existe pas ou n’est pas public.' }]);
      }
      if (need.authorId === actor.personId) throw badUserInput([{ field: 'reference', message: 'Vous ne pouvez pas signaler votre propre besoin : modifiez-le ou retirez-le.' }]);
      if (!(await this.repository.insertNeedReport(manager, needId!, actor.personId, input.reason, detail || null))) {
        throw badUserInput([{ field: 'reference', message: 'Vous avez déjà signalé ce besoin : la modération va l’examiner.' }]);
      }
    });
    return true;
  }
}

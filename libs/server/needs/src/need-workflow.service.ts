import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import {
  NEED_STATUS_LABELS,
  NeedStatus,
  OFFICIAL_ANSWER_LIMITS,
  WORKFLOW_TEXT_LIMITS,
  canTransition,
  normalizeReference,
  requiredFields,
  type WorkflowField,
} from '@pit/domain';
import { AuditService, badUserInput, type FieldError } from '@pit/core';
import type { Actor } from '@pit/accounts';
import { NeedsRepository, type NeedView } from './needs.repository.js';
import { cleanText } from './needs.service.js';

export interface ChangeStatusCommand {
  status: NeedStatus;
  /** Public official answer, the note of the status in the history. */
  answer?: string | null;
  /** Public reason of a refusal or a moderation. */
  reason?: string | null;
  /** Reference of the need kept, for a duplicate. */
  duplicateOf?: string | null;
  /** Where to turn, for hors compétence locale: an authority id or a free text. */
  outsideBody?: string | null;
}

type LockedNeed = { id: string; reference: string; status: NeedStatus };
interface PreparedCommand {
  status: NeedStatus;
  answer: string;
  reason: string;
  outsideBody: string;
  duplicateOf: string | null;
}
interface Detail {
  text: string | null;
  kept: string | null;
  keptId?: string | null;
  body: string | null;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** A kept need must be public and open to take the place of a duplicate. */
const NOT_KEEPABLE: readonly NeedStatus[] = [NeedStatus.PendingConfirmation, NeedStatus.Hidden, NeedStatus.Duplicate, NeedStatus.Withdrawn];

const label = (status: NeedStatus) => NEED_STATUS_LABELS[status].fr;

const MISSING: Record<WorkflowField, string> = {
  reason: 'Indiquez le motif : il sera affiché publiquement.',
  duplicateOf: 'Indiquez la référence du besoin conservé (B-XXXXXX).',
  outsideBody: 'Indiquez à qui s’adresser : une collectivité ou un organisme.',
};

/**
 * Staff move needs through the status workflow of @pit/domain (need-workflow.ts). Authorization
 * (need.triage, need.moderate) is the caller's; the transition and its fields are checked here.
 */
@Injectable()
export class NeedWorkflowService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly repository: NeedsRepository,
    private readonly audit: AuditService,
  ) {}

  /**
   * Changes a need's status, all or nothing: locks the need, checks the transition and its fields,
   * sets the status, appends the public status-history row (its note: the reason, the kept need or
   * where to turn, then the official answer), which enqueues notify-need-change, and writes the
   * audit entry (before/after).
   */
  async changeStatus(actor: Actor, needId: string, input: ChangeStatusCommand): Promise<NeedView> {
    await this.dataSource.transaction((manager) => this.changeStatusIn(manager, actor, needId, input));
    return (await this.repository.findById(needId))!;
  }

  /** changeStatus inside the caller's transaction (a merge writes its own rows beside it); returns the kept need's id for a duplicate. */
  async changeStatusIn(manager: EntityManager, actor: Actor, needId: string, input: ChangeStatusCommand): Promise<{ keptNeedId: string | null }> {
    const command = this.prepare(input);
    const need = await this.repository.lockForTriage(manager, needId);
    if (!need) throw badUserInput([{ field: 'reference', message: 'Ce besoin n’existe pas.' }]);
    if (!canTransition(need.status, input.status)) {
      throw badUserInput([
        { field: 'status', message: `Un besoin « ${label(need.status)} » ne peut pas passer à « ${label(input.status)} ».` },
      ]);
    }
    const detail = await this.detail(manager, command, [need.id]);
    await this.apply(manager, actor, need, command, detail);
    return { keptNeedId: detail.keptId ?? null };
  }

  /**
   * Applies one status change to many needs, to every one or to none: one transaction, the needs
   * locked in id order; the same writes per need as changeStatus (status, history row with its
   * notify-need-change job, audit entry). `needIds[i]` is null when `references[i]` is unknown;
   * `denied` holds the ids the actor may not triage. Any failing need: BAD_USER_INPUT naming each
   * one as `references[i]`, and nothing is written.
   */
  async changeStatusInBulk(
    actor: Actor,
    references: readonly string[],
    needIds: readonly (string | null)[],
    denied: ReadonlySet<string>,
    input: ChangeStatusCommand & { templateId?: string | null },
  ): Promise<NeedView[]> {
    const command = this.prepare(input);
    const ids = await this.dataSource.transaction(async (manager) => {
      const errors: FieldError[] = [];
      const locked = new Map<string, LockedNeed>();
      for (const id of [...new Set(needIds.filter((id): id is string => Boolean(id)))].sort()) {
        const need = await this.repository.lockForTriage(manager, id);
        if (need) locked.set(id, need);
      }
      const seen = new Set<string>();
      needIds.forEach((id, i) => {
        const field = `references[${i}]`;
        const need = id ? locked.get(id) : undefined;
        const reference = references[i]!;
        if (!need) errors.push({ field, message: `Le besoin ${reference} n’existe pas.` });
        else if (seen.has(need.id)) errors.push({ field, message: `Le besoin ${need.reference} est déjà dans la sélection.` });
        else if (denied.has(need.id)) errors.push({ field, message: `Le besoin ${need.reference} n’est pas traité par votre collectivité.` });
        else if (!canTransition(need.status, input.status)) {
          errors.push({ field, message: `Le besoin ${need.reference} est « ${label(need.status)} » : il ne peut pas passer à « ${label(input.status)} ».` });
        }
        if (need) seen.add(need.id);
      });
      if (errors.length) throw badUserInput(errors);
      const needs = needIds.map((id) => locked.get(id!)!);
      const detail = await this.detail(manager, command, needs.map((need) => need.id));
      for (const need of needs) await this.apply(manager, actor, need, command, detail, input.templateId ?? null);
      return needs.map((need) => need.id);
    });
    const views: NeedView[] = [];
    for (const id of ids) views.push((await this.repository.findById(id))!);
    return views;
  }

  /** Checks the command's own fields (whatever the need); throws BAD_USER_INPUT naming each field. */
  private prepare(input: ChangeStatusCommand): PreparedCommand {
    const errors: FieldError[] = [];
    const text = (value: string | null | undefined) => cleanText(value ?? '');
    const answer = text(input.answer);
    const reason = text(input.reason);
    const outsideBody = text(input.outsideBody);
    const duplicateOf = input.duplicateOf ? normalizeReference(input.duplicateOf) : null;
    const required = requiredFields(input.status);
    for (const field of required) {
      const given = field === 'reason' ? reason : field === 'outsideBody' ? outsideBody : (input.duplicateOf ?? '').trim();
      if (!given) errors.push({ field, message: MISSING[field] });
    }
    const length = (value: string) => [...value].length;
    if (answer && (length(answer) < OFFICIAL_ANSWER_LIMITS.min || length(answer) > OFFICIAL_ANSWER_LIMITS.max)) {
      errors.push({
        field: 'answer',
        message: `La réponse officielle doit compter entre ${OFFICIAL_ANSWER_LIMITS.min} et ${OFFICIAL_ANSWER_LIMITS.max} caractères (elle en compte ${length(answer)}).`,
      });
    }
    const limits = WORKFLOW_TEXT_LIMITS;
    if (required.includes('reason') && reason && (length(reason) < limits.reason.min || length(reason) > limits.reason.max)) {
      errors.push({ field: 'reason', message: `Le motif doit compter entre ${limits.reason.min} et ${limits.reason.max} caractères (il en compte ${length(reason)}).` });
    }
    if (required.includes('outsideBody') && outsideBody && !UUID.test(outsideBody) && (length(outsideBody) < limits.outsideBody.min || length(outsideBody) > limits.outsideBody.max)) {
      errors.push({
        field: 'outsideBody',
        message: `L’organisme à qui s’adresser doit compter entre ${limits.outsideBody.min} et ${limits.outsideBody.max} caractères.`,
      });
    }
    if (required.includes('duplicateOf') && input.duplicateOf?.trim() && !duplicateOf) {
      errors.push({ field: 'duplicateOf', message: 'Cette référence n’est pas valide : elle ressemble à B-7K3M9Q.' });
    }
    for (const field of ['reason', 'duplicateOf', 'outsideBody'] as const) {
      if (!required.includes(field) && (input[field] ?? '').trim()) {
        errors.push({ field, message: `Ce champ ne s’applique pas au statut « ${label(input.status)} ».` });
      }
    }
    if (errors.length) throw badUserInput(errors);
    return { status: input.status, answer, reason, outsideBody, duplicateOf };
  }

  /** The history note's first part (refusal or moderation reason, kept need, where to turn), the same for every need of a batch. */
  private async detail(manager: EntityManager, command: PreparedCommand, needIds: readonly string[]): Promise<Detail> {
    const { status, reason, duplicateOf, outsideBody } = command;
    if (status === NeedStatus.Refused) return { text: `Motif du refus : ${reason}`, kept: null, body: null };
    if (status === NeedStatus.Hidden) return { text: `Masqué par la modération : ${reason}`, kept: null, body: null };
    if (status === NeedStatus.Duplicate) {
      const target = await this.repository.statusByReference(manager, duplicateOf!);
      if (!target || target.status === NeedStatus.PendingConfirmation) throw badUserInput([{ field: 'duplicateOf', message: `Le besoin ${duplicateOf} n’existe pas.` }]);
      if (needIds.includes(target.id)) throw badUserInput([{ field: 'duplicateOf', message: 'Un besoin ne peut pas être le doublon de lui-même.' }]);
      if (NOT_KEEPABLE.includes(target.status)) {
        throw badUserInput([{ field: 'duplicateOf', message: `Le besoin ${duplicateOf} est « ${label(target.status)} » : choisissez un besoin ouvert à conserver.` }]);
      }
      return { text: `Doublon du besoin ${duplicateOf}.`, kept: duplicateOf, keptId: target.id, body: null };
    }
    if (status === NeedStatus.OutOfScope) {
      const body = UUID.test(outsideBody) ? await this.repository.authorityName(manager, outsideBody) : outsideBody;
      if (!body) throw badUserInput([{ field: 'outsideBody', message: 'Cette collectivité n’existe pas.' }]);
      return { text: `À qui s’adresser : ${body}`, kept: null, body };
    }
    return { text: null, kept: null, body: null };
  }

  /** One need's writes: status, history row (which enqueues notify-need-change), audit entry. */
  private async apply(manager: EntityManager, actor: Actor, need: LockedNeed, command: PreparedCommand, detail: Detail, templateId: string | null = null): Promise<void> {
    const { status, answer, reason } = command;
    const note = [detail.text, answer || null].filter(Boolean).join('\n\n') || null;
    await this.repository.setStatus(manager, need.id, status);
    // Accountability clock: the first staff status change (moderation's masqué aside) is the need's first answer.
    if (status !== NeedStatus.Hidden) await manager.query(`UPDATE need SET first_answer_at = now() WHERE id = $1 AND first_answer_at IS NULL`, [need.id]);
    const statusChangeId = await this.repository.insertStatusChange(manager, need.id, status, note);
    await this.audit.record(manager, {
      actorId: actor.personId,
      action: 'need.status',
      subjectType: 'need',
      subjectId: need.id,
      before: { status: need.status },
      after: {
        status,
        statusChangeId,
        answer: answer || null,
        reason: reason || null,
        duplicateOf: detail.kept,
        outsideBody: detail.body,
        ...(templateId ? { templateId } : {}),
      },
    });
  }
}

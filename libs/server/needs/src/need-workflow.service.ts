import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
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

    await this.dataSource.transaction(async (manager) => {
      const need = await this.repository.lockForTriage(manager, needId);
      if (!need) throw badUserInput([{ field: 'reference', message: 'Ce besoin n’existe pas.' }]);
      if (!canTransition(need.status, input.status)) {
        throw badUserInput([
          { field: 'status', message: `Un besoin « ${label(need.status)} » ne peut pas passer à « ${label(input.status)} ».` },
        ]);
      }
      let detail: string | null = null;
      let kept: string | null = null;
      if (input.status === NeedStatus.Refused) detail = `Motif du refus : ${reason}`;
      if (input.status === NeedStatus.Hidden) detail = `Masqué par la modération : ${reason}`;
      if (input.status === NeedStatus.Duplicate) {
        const target = await this.repository.statusByReference(manager, duplicateOf!);
        if (!target || target.status === NeedStatus.PendingConfirmation) throw badUserInput([{ field: 'duplicateOf', message: `Le besoin ${duplicateOf} n’existe pas.` }]);
        if (target.id === need.id) throw badUserInput([{ field: 'duplicateOf', message: 'Un besoin ne peut pas être le doublon de lui-même.' }]);
        if (NOT_KEEPABLE.includes(target.status)) {
          throw badUserInput([{ field: 'duplicateOf', message: `Le besoin ${duplicateOf} est « ${label(target.status)} » : choisissez un besoin ouvert à conserver.` }]);
        }
        kept = duplicateOf;
        detail = `Doublon du besoin ${duplicateOf}.`;
      }
      let body: string | null = null;
      if (input.status === NeedStatus.OutOfScope) {
        body = UUID.test(outsideBody) ? await this.repository.authorityName(manager, outsideBody) : outsideBody;
        if (!body) throw badUserInput([{ field: 'outsideBody', message: 'Cette collectivité n’existe pas.' }]);
        detail = `À qui s’adresser : ${body}`;
      }
      const note = [detail, answer || null].filter(Boolean).join('\n\n') || null;
      await this.repository.setStatus(manager, need.id, input.status);
      const statusChangeId = await this.repository.insertStatusChange(manager, need.id, input.status, note);
      await this.audit.record(manager, {
        actorId: actor.personId,
        action: 'need.status',
        subjectType: 'need',
        subjectId: need.id,
        before: { status: need.status },
        after: {
          status: input.status,
          statusChangeId,
          answer: answer || null,
          reason: reason || null,
          duplicateOf: kept,
          outsideBody: body,
        },
      });
    });
    return (await this.repository.findById(needId))!;
  }
}

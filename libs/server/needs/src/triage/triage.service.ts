import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { NEED_STATUS_LABELS, allowedTransitions, requiredFields, transitionActors, type NeedStatus, type WorkflowField } from '@pit/domain';
import { AuditService, badUserInput } from '@pit/core';
import type { Actor } from '@pit/accounts';
import { NeedsRepository, type NeedView } from '../needs.repository.js';
import { cleanText } from '../needs.service.js';
import { TriageRepository, type TriageExtrasRow } from './triage.repository.js';

/** An internal note's length, in characters. */
export const INTERNAL_NOTE_LIMITS = { min: 1, max: 2000 } as const;

export interface TriageStatusChoice {
  status: NeedStatus;
  label: string;
  requiredFields: readonly WorkflowField[];
}
export interface TriageView {
  need: NeedView;
  extras: TriageExtrasRow;
  allowedStatuses: TriageStatusChoice[];
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The triage page of a need (issue 5 items 1 and 4): everything staff need about it, assignment to
 * an agent and internal notes. Authorization (need.triage) is the caller's. Writes: assignment sets
 * need.assignee_id, an internal note inserts a need_internal_note row; each writes its audit entry in
 * the same transaction. No mail, no outbox job.
 */
@Injectable()
export class TriageService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly needs: NeedsRepository,
    private readonly repository: TriageRepository,
    private readonly audit: AuditService,
  ) {}

  idByReference(reference: string): Promise<string | null> {
    return this.repository.idByReference(reference);
  }

  /** Two statements: the public view of the need and the staff extras (both fixed-size whatever the need's size). */
  async load(actor: Actor, needId: string): Promise<TriageView | null> {
    const [need, extras] = await Promise.all([this.needs.findById(needId), this.repository.extras(needId)]);
    if (!need || !extras) return null;
    return { need, extras, allowedStatuses: statusChoices(actor, need.status) };
  }

  /**
   * Assigns the need to an agent of its current (or a co-assigned) authority, or returns it to the
   * unassigned queue (null). Locks the need; an unchanged assignment writes nothing. Audit:
   * need.assign, before/after assigneeId.
   */
  async assign(actor: Actor, needId: string, assigneeId: string | null): Promise<void> {
    const wanted = assigneeId?.trim() || null;
    const notAgent = () => badUserInput([{ field: 'assigneeId', message: 'Choisissez un agent de la collectivité chargée de ce besoin.' }]);
    if (wanted && !UUID.test(wanted)) throw notAgent();
    await this.dataSource.transaction(async (manager) => {
      const need = await this.repository.lockAssignment(manager, needId);
      if (!need) throw badUserInput([{ field: 'reference', message: 'Ce besoin n’existe pas.' }]);
      if (wanted && !(await this.repository.isAgentOfNeed(manager, needId, wanted))) throw notAgent();
      if (need.assigneeId === wanted) return;
      await this.repository.setAssignee(manager, needId, wanted);
      await this.audit.record(manager, {
        actorId: actor.personId,
        action: 'need.assign',
        subjectType: 'need',
        subjectId: needId,
        before: { assigneeId: need.assigneeId },
        after: { assigneeId: wanted },
      });
    });
  }

  /** Adds a staff-only note to the need. Audit: need.internal_note with the note's id and text. */
  async addNote(actor: Actor, needId: string, rawBody: string): Promise<{ id: string; body: string; authorPseudonym: string; createdAt: Date }> {
    const body = cleanText(rawBody ?? '');
    const length = [...body].length;
    if (length < INTERNAL_NOTE_LIMITS.min || length > INTERNAL_NOTE_LIMITS.max) {
      throw badUserInput([
        {
          field: 'body',
          message: length ? `La note doit compter au plus ${INTERNAL_NOTE_LIMITS.max} caractères (elle en compte ${length}).` : 'Écrivez la note.',
        },
      ]);
    }
    return this.dataSource.transaction(async (manager) => {
      const note = await this.repository.insertNote(manager, needId, actor.personId, body);
      await this.audit.record(manager, {
        actorId: actor.personId,
        action: 'need.internal_note',
        subjectType: 'need',
        subjectId: needId,
        before: null,
        after: { noteId: note.id, body },
      });
      return { id: note.id, body, authorPseudonym: actor.pseudonym, createdAt: new Date(note.createdAt) };
    });
  }
}

/** The statuses this actor may move the need to from `from` (masqué only for moderators and admins). */
export function statusChoices(actor: Actor, from: NeedStatus): TriageStatusChoice[] {
  const roles = new Set<string>(['agent', ...actor.roles.map((grant) => grant.role)]);
  return allowedTransitions(from)
    .filter((to) => transitionActors(to).some((role) => roles.has(role)))
    .map((to) => ({ status: to, label: NEED_STATUS_LABELS[to].fr, requiredFields: requiredFields(to) }));
}

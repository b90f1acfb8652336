import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { NEED_STATUS_LABELS, NeedStatus, OFFICIAL_ANSWER_LIMITS } from '@pit/domain';
import { AuditService, badUserInput, type FieldError } from '@pit/core';
import type { Actor } from '@pit/accounts';
import { cleanText } from '../needs.service.js';
import { AnswerTemplatesRepository, type AnswerTemplateRow } from './answer-templates.repository.js';

export const ANSWER_TEMPLATE_TITLE_LIMITS = { min: 3, max: 120 } as const;

export interface SaveAnswerTemplateCommand {
  /** The template to change; a new one without it. */
  id?: string | null;
  authorityId: string;
  title: string;
  body: string;
  status?: NeedStatus | null;
}

/** Statuses a template cannot go with: staff never move a need there (see need-workflow.ts). */
const NOT_ANSWERABLE: readonly NeedStatus[] = [NeedStatus.PendingConfirmation, NeedStatus.Received, NeedStatus.Withdrawn];

/**
 * An authority's answer templates ("modèles de réponse"). Authorization (authority.inbox on the
 * template's authority) is the caller's. Side effects: the template row and one audit entry
 * (answer_template.create / .update / .delete, before/after) in the same transaction.
 */
@Injectable()
export class AnswerTemplatesService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly repository: AnswerTemplatesRepository,
    private readonly audit: AuditService,
  ) {}

  list(authorityId: string): Promise<AnswerTemplateRow[]> {
    return this.repository.listByAuthority(authorityId);
  }

  find(id: string): Promise<AnswerTemplateRow | null> {
    return this.repository.find(id);
  }

  async save(actor: Actor, command: SaveAnswerTemplateCommand): Promise<AnswerTemplateRow> {
    const title = cleanText(command.title).replace(/\s+/g, ' ');
    const body = cleanText(command.body);
    const status = command.status ?? null;
    const errors: FieldError[] = [];
    const length = (value: string) => [...value].length;
    const limits = ANSWER_TEMPLATE_TITLE_LIMITS;
    if (length(title) < limits.min || length(title) > limits.max) {
      errors.push({ field: 'title', message: `Le titre du modèle doit compter entre ${limits.min} et ${limits.max} caractères (il en compte ${length(title)}).` });
    }
    if (length(body) < OFFICIAL_ANSWER_LIMITS.min || length(body) > OFFICIAL_ANSWER_LIMITS.max) {
      errors.push({
        field: 'body',
        message: `Le texte du modèle doit compter entre ${OFFICIAL_ANSWER_LIMITS.min} et ${OFFICIAL_ANSWER_LIMITS.max} caractères (il en compte ${length(body)}).`,
      });
    }
    if (status && NOT_ANSWERABLE.includes(status)) {
      errors.push({ field: 'status', message: `Un modèle ne peut pas accompagner le statut « ${NEED_STATUS_LABELS[status].fr} ».` });
    }
    if (errors.length) throw badUserInput(errors);
    return this.dataSource.transaction(async (manager) => {
      if (!command.id) {
        const created = await this.repository.insert(manager, { authorityId: command.authorityId, title, body, status, createdBy: actor.personId });
        await this.record(manager, actor, 'answer_template.create', created.id, null, created);
        return created;
      }
      const before = await this.repository.lock(manager, command.id);
      if (!before || before.authorityId !== command.authorityId) throw badUserInput([{ field: 'id', message: 'Ce modèle n’existe pas.' }]);
      const after = await this.repository.update(manager, command.id, { title, body, status });
      await this.record(manager, actor, 'answer_template.update', after.id, before, after);
      return after;
    });
  }

  async delete(actor: Actor, id: string): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      const before = await this.repository.lock(manager, id);
      if (!before) throw badUserInput([{ field: 'id', message: 'Ce modèle n’existe pas.' }]);
      await this.repository.delete(manager, id);
      await this.record(manager, actor, 'answer_template.delete', id, before, null);
    });
  }

  private record(manager: Parameters<AuditService['record']>[0], actor: Actor, action: string, id: string, before: AnswerTemplateRow | null, after: AnswerTemplateRow | null) {
    const shape = (row: AnswerTemplateRow | null) => (row ? { authorityId: row.authorityId, title: row.title, body: row.body, status: row.status } : null);
    return this.audit.record(manager, { actorId: actor.personId, action, subjectType: 'answer_template', subjectId: id, before: shape(before), after: shape(after) });
  }
}

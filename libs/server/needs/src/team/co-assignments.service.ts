import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AuditService, OutboxService, badUserInput, rowsOf, type FieldError } from '@pit/core';
import { TerritoryService } from '@pit/territory';
import type { Actor } from '@pit/accounts';
import { NeedsRepository } from '../needs.repository.js';
import { cleanText } from '../needs.service.js';
import { LEVEL_OF_KIND, reasonErrors } from '../routing/need-routing.service.js';
import { routingJobs } from '../routing/record-routing.js';

export interface CoAssignmentRow {
  needId: string;
  authorityId: string;
  reason: string;
  createdAt: Date;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Co-assignment (issue 5 item 3): a second authority works on a need beside the one in charge (the
 * mayor's police powers beside the EPCI's service). Its agents see the need in their inbox and may
 * triage it (need.triage). Each move appends a need_routing row (kind co_assignment /
 * co_assignment_end) so the public timeline shows it with its reason; audited in the same
 * transaction; the co-assigned authority's agents are told, and the need's followers too.
 */
@Injectable()
export class CoAssignmentsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly repository: NeedsRepository,
    private readonly territory: TerritoryService,
    private readonly audit: AuditService,
    private readonly outbox: OutboxService,
  ) {}

  /** Current co-assignments of the given needs, oldest first (one query). */
  async list(needIds: string[]): Promise<CoAssignmentRow[]> {
    if (!needIds.length) return [];
    return this.dataSource.query(
      `SELECT need_id AS "needId", authority_id AS "authorityId", reason, created_at AS "createdAt"
         FROM need_co_assignment WHERE need_id = ANY($1::uuid[]) ORDER BY created_at, authority_id`,
      [needIds],
    );
  }

  async coAssign(actor: Actor, needId: string, input: { authorityId: string; reason: string }): Promise<void> {
    const reason = cleanText(input.reason ?? '');
    const errors: FieldError[] = [];
    const authority = UUID.test(input.authorityId ?? '') ? await this.territory.authority(input.authorityId) : null;
    if (!authority || authority.kind === 'external') errors.push({ field: 'authorityId', message: 'Choisissez une collectivité du territoire dans la liste.' });
    errors.push(...reasonErrors(reason));
    if (errors.length) throw badUserInput(errors);
    await this.dataSource.transaction(async (manager) => {
      const [need] = await manager.query(`SELECT id, authority_id AS "authorityId" FROM need WHERE id = $1 FOR UPDATE`, [needId]);
      if (!need) throw badUserInput([{ field: 'reference', message: 'Ce besoin n’existe pas.' }]);
      if (need.authorityId === authority!.id) throw badUserInput([{ field: 'authorityId', message: `Ce besoin est déjà confié à ${authority!.name}.` }]);
      const inserted = await manager.query(
        `INSERT INTO need_co_assignment (need_id, authority_id, reason, created_by) VALUES ($1, $2, $3, $4)
         ON CONFLICT (need_id, authority_id) DO NOTHING RETURNING need_id`,
        [needId, authority!.id, reason, actor.personId],
      );
      if (!inserted.length) throw badUserInput([{ field: 'authorityId', message: `${authority!.name} travaille déjà sur ce besoin.` }]);
      const routingId = await this.repository.insertRouting(manager, {
        needId,
        ruleId: null,
        level: LEVEL_OF_KIND[authority!.kind],
        authorityId: authority!.id,
        reason: `${authority!.name} travaille aussi sur ce besoin.`,
        kind: 'co_assignment',
        jobId: null,
        note: reason,
      });
      await this.outbox.enqueue(manager, routingJobs(needId, routingId, 'co_assignment'));
      await this.audit.record(manager, {
        actorId: actor.personId,
        action: 'need.co_assign',
        subjectType: 'need',
        subjectId: needId,
        before: null,
        after: { authorityId: authority!.id, reason, routingId },
      });
    });
  }

  /** Ends a co-assignment; the need's assignee, if only that authority covered them, goes back to none. */
  async remove(actor: Actor, needId: string, authorityId: string): Promise<void> {
    if (!UUID.test(authorityId ?? '')) throw badUserInput([{ field: 'authorityId', message: 'Choisissez une collectivité de la liste.' }]);
    await this.dataSource.transaction(async (manager) => {
      const [removed] = rowsOf<{ reason: string }>(
        await manager.query(`DELETE FROM need_co_assignment WHERE need_id = $1 AND authority_id = $2 RETURNING reason`, [needId, authorityId]),
      );
      if (!removed) throw badUserInput([{ field: 'authorityId', message: 'Cette collectivité ne travaille pas sur ce besoin.' }]);
      const authority = (await this.territory.authority(authorityId))!;
      await this.repository.insertRouting(manager, {
        needId,
        ruleId: null,
        level: LEVEL_OF_KIND[authority.kind],
        authorityId,
        reason: `${authority.name} ne travaille plus sur ce besoin.`,
        kind: 'co_assignment_end',
        jobId: null,
        note: null,
      });
      const [cleared] = rowsOf<{ id: string }>(
        await manager.query(
        `UPDATE need n SET assignee_id = NULL, updated_at = now()
          WHERE n.id = $1 AND n.assignee_id IS NOT NULL
            AND NOT EXISTS (SELECT 1 FROM role_assignment r WHERE r.person_id = n.assignee_id AND r.role = 'agent'
                              AND (r.authority_id = n.authority_id
                                   OR EXISTS (SELECT 1 FROM need_co_assignment ca WHERE ca.need_id = n.id AND ca.authority_id = r.authority_id)))
          RETURNING n.id`,
          [needId],
        ),
      );
      await this.audit.record(manager, {
        actorId: actor.personId,
        action: 'need.remove_co_assignment',
        subjectType: 'need',
        subjectId: needId,
        before: { authorityId, reason: removed.reason },
        after: { authorityId: null, assigneeCleared: Boolean(cleared) },
      });
    });
  }
}

import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { CompetenceLevel, type AuthorityKind } from '@pit/domain';
import { AuditService, badUserInput, type FieldError } from '@pit/core';
import { TerritoryService } from '@pit/territory';
import type { Actor } from '@pit/accounts';
import { NeedsRepository, type NeedView } from '../needs.repository.js';
import { cleanText } from '../needs.service.js';
import { recordRouting, routingFollowUp, startAnswerClock } from './record-routing.js';

/** The public reason of a requalification or a transfer, in characters. */
export const ROUTING_REASON_LIMITS = { min: 10, max: 1000 } as const;

export const LEVEL_OF_KIND: Record<AuthorityKind, CompetenceLevel> = {
  commune: CompetenceLevel.Commune,
  epci: CompetenceLevel.Epci,
  pole: CompetenceLevel.Pole,
  external: CompetenceLevel.External,
};

interface LockedNeed {
  id: string;
  categoryKey: string;
  communeCode: string;
  authorityId: string | null;
  currentRoutingId: string | null;
}

/**
 * Routing corrections by staff (issue 5 item 3): requalifying a need's category re-runs the routing
 * rules, transferring sends it to another authority. Both append a need_routing row (kind
 * requalification / transfer) carrying the staff's public reason, move the need's current routing and
 * authority (so need.triage follows the new authority), leave its status alone (a transfer is an
 * event, not a status) and write the audit entry, in one transaction. Authorization (need.triage on
 * the need) is the caller's.
 */
@Injectable()
export class NeedRoutingService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly repository: NeedsRepository,
    private readonly territory: TerritoryService,
    private readonly audit: AuditService,
  ) {}

  /**
   * Changes the need's category and routes it again with the rules. A category routed to an outside
   * body (level X) is refused: "hors compétence locale" is a status, with the body to turn to, set
   * through changeNeedStatus.
   */
  async requalify(actor: Actor, needId: string, input: { categoryKey: string; reason: string }): Promise<NeedView> {
    const reason = cleanText(input.reason ?? '');
    const errors: FieldError[] = [];
    const category = await this.territory.category((input.categoryKey ?? '').slice(0, 100));
    if (!category) errors.push({ field: 'categoryKey', message: 'Choisissez une catégorie de la liste.' });
    errors.push(...reasonErrors(reason));
    if (errors.length) throw badUserInput(errors);

    await this.dataSource.transaction(async (manager) => {
      const need = await this.lock(manager, needId);
      if (need.categoryKey === category!.key) {
        throw badUserInput([{ field: 'categoryKey', message: `Ce besoin est déjà dans la catégorie « ${category!.label} ».` }]);
      }
      const { decision, routingId } = await recordRouting(
        manager,
        { repository: this.repository, territory: this.territory },
        { needId, categoryKey: category!.key, communeCode: need.communeCode, kind: 'requalification', jobId: null, note: reason },
        (found) => {
          if (found.level === CompetenceLevel.External) {
            throw badUserInput([
              {
                field: 'categoryKey',
                message: `La catégorie « ${category!.label} » relève de ${found.authority.name}, hors compétence locale : utilisez le statut « hors compétence locale ».`,
              },
            ]);
          }
        },
      );
      await manager.query(`UPDATE need SET category_key = $2, current_routing_id = $3, authority_id = $4, updated_at = now() WHERE id = $1`, [
        needId,
        category!.key,
        routingId,
        decision.authority.id,
      ]);
      await this.audit.record(manager, {
        actorId: actor.personId,
        action: 'need.requalify',
        subjectType: 'need',
        subjectId: needId,
        before: { categoryKey: need.categoryKey, authorityId: need.authorityId, routingId: need.currentRoutingId },
        after: { categoryKey: category!.key, authorityId: decision.authority.id, routingId, level: decision.level, reason },
      });
    });
    return (await this.repository.findById(needId))!;
  }

  /** Sends the need to another authority of the territory or an outside body; its status stays. */
  async transfer(actor: Actor, needId: string, input: { authorityId: string; reason: string }): Promise<NeedView> {
    const reason = cleanText(input.reason ?? '');
    const errors: FieldError[] = [];
    const authority = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(input.authorityId ?? '')
      ? await this.territory.authority(input.authorityId)
      : null;
    if (!authority) errors.push({ field: 'authorityId', message: 'Choisissez une collectivité ou un organisme de la liste.' });
    errors.push(...reasonErrors(reason));
    if (errors.length) throw badUserInput(errors);

    await this.dataSource.transaction(async (manager) => {
      const need = await this.lock(manager, needId);
      if (need.authorityId === authority!.id) {
        throw badUserInput([{ field: 'authorityId', message: `Ce besoin est déjà confié à ${authority!.name}.` }]);
      }
      const level = LEVEL_OF_KIND[authority!.kind];
      await startAnswerClock(manager, needId, authority!.id);
      const routingId = await this.repository.insertRouting(manager, {
        needId,
        ruleId: null,
        level,
        authorityId: authority!.id,
        reason: `Transmis à ${authority!.name}.`,
        kind: 'transfer',
        jobId: null,
        note: reason,
      });
      await routingFollowUp(manager, { needId, routingId, kind: 'transfer', authorityId: authority!.id });
      await manager.query(`UPDATE need SET current_routing_id = $2, authority_id = $3, updated_at = now() WHERE id = $1`, [needId, routingId, authority!.id]);
      await this.audit.record(manager, {
        actorId: actor.personId,
        action: 'need.transfer',
        subjectType: 'need',
        subjectId: needId,
        before: { authorityId: need.authorityId, routingId: need.currentRoutingId },
        after: { authorityId: authority!.id, routingId, level, reason },
      });
    });
    return (await this.repository.findById(needId))!;
  }

  private async lock(manager: EntityManager, needId: string): Promise<LockedNeed> {
    const [need]: LockedNeed[] = await manager.query(
      `SELECT id, category_key AS "categoryKey", commune_code AS "communeCode", authority_id AS "authorityId", current_routing_id AS "currentRoutingId"
         FROM need WHERE id = $1 FOR UPDATE`,
      [needId],
    );
    if (!need) throw badUserInput([{ field: 'reference', message: 'Ce besoin n’existe pas.' }]);
    if (!need.currentRoutingId) throw badUserInput([{ field: 'reference', message: 'Ce besoin n’est pas encore orienté : réessayez dans un instant.' }]);
    return need;
  }
}

export function reasonErrors(reason: string): FieldError[] {
  const length = [...reason].length;
  if (!length) return [{ field: 'reason', message: 'Indiquez le motif : il sera affiché publiquement.' }];
  if (length < ROUTING_REASON_LIMITS.min || length > ROUTING_REASON_LIMITS.max) {
    return [{ field: 'reason', message: `Le motif doit compter entre ${ROUTING_REASON_LIMITS.min} et ${ROUTING_REASON_LIMITS.max} caractères (il en compte ${length}).` }];
  }
  return [];
}

import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AuditService, badUserInput, rowsOf, type FieldError } from '@pit/core';
import type { Actor } from '@pit/accounts';

export interface StaffMemberRow {
  id: string;
  displayName: string;
  /** Needs of the authority assigned to this agent. */
  assignedCount: number;
}

export interface HandoverRow {
  id: string;
  authorityId: string;
  fromPersonId: string;
  fromName: string;
  toPersonId: string;
  toName: string;
  until: string | null;
  needCount: number;
  createdAt: Date;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Team life (issue 5 item 10): an authority's agents, hand-over of one agent's needs to a
 * colleague, deactivation of a departing agent. Authorization is the resolver's; every write is
 * audited in its transaction.
 */
@Injectable()
export class TeamService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly audit: AuditService,
  ) {}

  /** The active agents of an authority, by name, with their count of assigned needs. */
  async staff(authorityId: string): Promise<StaffMemberRow[]> {
    if (!UUID.test(authorityId)) return [];
    return this.dataSource.query(
      `SELECT p.id, p.pseudonym AS "displayName",
              (SELECT count(*)::int FROM need n WHERE n.assignee_id = p.id AND n.authority_id = r.authority_id) AS "assignedCount"
         FROM role_assignment r JOIN person p ON p.id = r.person_id
        WHERE r.role = 'agent' AND r.authority_id = $1 AND p.deactivated_at IS NULL
        ORDER BY lower(p.pseudonym), p.id`,
      [authorityId],
    );
  }

  /** Hand-overs of an authority whose end date is not past (or without one), latest first. */
  async handovers(authorityId: string): Promise<HandoverRow[]> {
    if (!UUID.test(authorityId)) return [];
    return this.dataSource.query(
      `SELECT h.id, h.authority_id AS "authorityId", h.from_person_id AS "fromPersonId", f.pseudonym AS "fromName",
              h.to_person_id AS "toPersonId", t.pseudonym AS "toName", to_char(h.until, 'YYYY-MM-DD') AS until,
              h.need_count AS "needCount", h.created_at AS "createdAt"
         FROM need_handover h JOIN person f ON f.id = h.from_person_id JOIN person t ON t.id = h.to_person_id
        WHERE h.authority_id = $1 AND (h.until IS NULL OR h.until >= (now() AT TIME ZONE 'Europe/Paris')::date)
        ORDER BY h.created_at DESC LIMIT 20`,
      [authorityId],
    );
  }

  /**
   * Every need of the authority assigned to `from` goes to `to` (an agent of that authority), in one
   * transaction. Side effects: need.assignee_id, a need_handover row (shown on the team page until
   * `until`), one audit entry listing the needs moved. Returns the number of needs moved.
   */
  async handOver(actor: Actor, authorityId: string, input: { fromPersonId: string; toPersonId: string; until?: string | null }): Promise<number> {
    const errors: FieldError[] = [];
    const until = input.until?.trim() || null;
    if (!UUID.test(authorityId ?? '')) errors.push({ field: 'authorityId', message: 'Choisissez une collectivité de la liste.' });
    if (!UUID.test(input.fromPersonId ?? '')) errors.push({ field: 'fromPersonId', message: 'Choisissez l’agent absent dans la liste.' });
    if (!UUID.test(input.toPersonId ?? '')) errors.push({ field: 'toPersonId', message: 'Choisissez le collègue qui reprend les besoins.' });
    else if (input.toPersonId === input.fromPersonId) errors.push({ field: 'toPersonId', message: 'Choisissez un autre agent que l’agent absent.' });
    if (until !== null && !isCalendarDay(until)) {
      errors.push({ field: 'until', message: 'Indiquez la date de retour au format AAAA-MM-JJ, ou laissez vide.' });
    }
    if (errors.length) throw badUserInput(errors);
    return this.dataSource.transaction(async (manager) => {
      const [check] = await manager.query(
        `SELECT EXISTS (SELECT 1 FROM role_assignment r JOIN person p ON p.id = r.person_id
                         WHERE r.person_id = $2 AND r.role = 'agent' AND r.authority_id = $1 AND p.deactivated_at IS NULL) AS "toIsAgent",
                ($3::date IS NULL OR $3::date >= (now() AT TIME ZONE 'Europe/Paris')::date) AS "untilOk"`,
        [authorityId, input.toPersonId, until],
      );
      const problems: FieldError[] = [];
      if (!check.toIsAgent) problems.push({ field: 'toPersonId', message: 'Ce collègue n’est pas agent de cette collectivité.' });
      if (!check.untilOk) problems.push({ field: 'until', message: 'La date de retour est déjà passée.' });
      if (problems.length) throw badUserInput(problems);
      const moved = rowsOf<{ id: string }>(
        await manager.query(`UPDATE need SET assignee_id = $3, updated_at = now() WHERE authority_id = $1 AND assignee_id = $2 RETURNING id`, [
          authorityId,
          input.fromPersonId,
          input.toPersonId,
        ]),
      );
      const needIds = moved.map((row) => row.id).sort();
      const [handover] = await manager.query(
        `INSERT INTO need_handover (authority_id, from_person_id, to_person_id, until, need_count, created_by)
         VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
        [authorityId, input.fromPersonId, input.toPersonId, until, needIds.length, actor.personId],
      );
      await this.audit.record(manager, {
        actorId: actor.personId,
        action: 'team.hand_over',
        subjectType: 'authority',
        subjectId: authorityId,
        before: { assigneeId: input.fromPersonId, needIds },
        after: { assigneeId: input.toPersonId, needIds, until, handoverId: handover.id },
      });
      return needIds.length;
    });
  }

  /**
   * A departing agent: their agent role for one authority (or all) is revoked, their needs that no
   * role of theirs covers any more go back to the unassigned queue, their alerts still waiting for a
   * digest are dropped and their staff sessions end (they log in again with what they have left).
   * One transaction, one audit entry.
   */
  async deactivate(actor: Actor, personId: string, authorityId: string | null): Promise<{ revokedRoles: number; unassignedNeeds: number; endedSessions: number }> {
    if (!UUID.test(personId ?? '')) throw badUserInput([{ field: 'personId', message: 'Choisissez un agent dans la liste.' }]);
    if (authorityId !== null && !UUID.test(authorityId)) throw badUserInput([{ field: 'authorityId', message: 'Choisissez une collectivité de la liste.' }]);
    return this.dataSource.transaction(async (manager) => {
      const revoked = rowsOf<{ id: string; authorityId: string }>(
        await manager.query(
          `DELETE FROM role_assignment WHERE person_id = $1 AND role = 'agent' AND ($2::uuid IS NULL OR authority_id = $2)
           RETURNING id, authority_id AS "authorityId"`,
          [personId, authorityId],
        ),
      );
      if (!revoked.length) {
        throw badUserInput([{ field: 'personId', message: authorityId ? 'Cette personne n’est pas agent de cette collectivité.' : 'Cette personne n’est agent d’aucune collectivité.' }]);
      }
      // Needs no remaining agent role of theirs covers (the authority in charge or a co-assigned one).
      const unassigned = rowsOf<{ id: string }>(
        await manager.query(
        `UPDATE need n SET assignee_id = NULL, updated_at = now()
          WHERE n.assignee_id = $1
            AND NOT EXISTS (SELECT 1 FROM role_assignment r WHERE r.person_id = $1 AND r.role = 'agent'
                              AND (r.authority_id = n.authority_id
                                   OR EXISTS (SELECT 1 FROM need_co_assignment ca WHERE ca.need_id = n.id AND ca.authority_id = r.authority_id)))
          RETURNING n.id`,
          [personId],
        ),
      );
      // Alerts waiting for their digest are for the team they left: dropped.
      await manager.query(`DELETE FROM staff_need_alert WHERE person_id = $1 AND sent_at IS NULL AND authority_id = ANY($2::uuid[])`, [
        personId,
        revoked.map((row) => row.authorityId),
      ]);
      // Staff sessions (idle-limited) end; a resident session, if any, is left alone.
      const ended = rowsOf<{ id: string }>(
        await manager.query(`UPDATE session SET revoked_at = now() WHERE person_id = $1 AND revoked_at IS NULL AND idle_timeout_seconds IS NOT NULL RETURNING id`, [personId]),
      );
      const remaining: Array<{ authorityId: string }> = await manager.query(
        `SELECT authority_id AS "authorityId" FROM role_assignment WHERE person_id = $1 AND role = 'agent' ORDER BY authority_id`,
        [personId],
      );
      const kept = remaining.map((row) => row.authorityId);
      await this.audit.record(manager, {
        actorId: actor.personId,
        action: 'team.deactivate',
        subjectType: 'person',
        subjectId: personId,
        before: { agentOf: [...kept, ...revoked.map((row) => row.authorityId)].sort(), assignedNeedIds: unassigned.map((row) => row.id).sort() },
        after: { agentOf: kept, scope: authorityId ?? 'all', unassignedNeeds: unassigned.length, endedSessions: ended.length },
      });
      return { revokedRoles: revoked.length, unassignedNeeds: unassigned.length, endedSessions: ended.length };
    });
  }
}

/** YYYY-MM-DD naming a real day (2026-02-31 is not one). */
function isCalendarDay(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const day = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(day.getTime()) && day.toISOString().slice(0, 10) === value;
}

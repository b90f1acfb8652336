import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { NeedStatus } from '@pit/domain';
import { overdueSql } from '../clock.js';

/** How many of the latest comments the triage page shows (the count covers them all). */
export const TRIAGE_LATEST_COMMENTS = 5;

export interface TriageAgentRow {
  id: string;
  pseudonym: string;
}
export interface TriageExtrasRow {
  status: NeedStatus;
  authorityId: string | null;
  channel: string;
  answerDueAt: Date | null;
  overdue: boolean;
  assignee: TriageAgentRow | null;
  supportCount: number;
  onlineSupportCount: number;
  paperSupportCount: number;
  backers: Array<{ organisationId: string; name: string; verified: boolean; statement: string; backedAt: string }>;
  commentCount: number;
  latestComments: Array<{ id: string; body: string; authorPseudonym: string | null; organisationName: string | null; createdAt: string }>;
  coAssignments: Array<{ authorityId: string; authorityName: string; reason: string; createdAt: string }>;
  internalNotes: Array<{ id: string; body: string; authorPseudonym: string | null; createdAt: string }>;
  answerTemplates: Array<{ id: string; authorityId: string; title: string; body: string; status: NeedStatus | null; updatedAt: string }>;
  agents: TriageAgentRow[];
}

// Everything staff see about a need beside its public view, in ONE statement whatever the number of
// supporters, comments, notes or agents: counts and JSON aggregates in scalar subqueries.
const TRIAGE_EXTRAS = `
  SELECT n.status, n.authority_id AS "authorityId", n.channel, n.answer_due_at AS "answerDueAt", COALESCE(${overdueSql('n')}, false) AS overdue,
         CASE WHEN asg.id IS NULL THEN NULL ELSE json_build_object('id', asg.id, 'pseudonym', asg.pseudonym) END AS assignee,
         (SELECT COALESCE(sum(t.supports), 0)::int FROM need_support_tally t WHERE t.need_id = n.id) AS "supportCount",
         (SELECT count(*)::int FROM need_support s WHERE s.need_id = n.id) AS "onlineSupportCount",
         (SELECT COALESCE(sum(ps.count), 0)::int FROM need_paper_support ps WHERE ps.need_id = n.id) AS "paperSupportCount",
         (SELECT COALESCE(json_agg(json_build_object('organisationId', o.id, 'name', o.name, 'verified', o.verified_at IS NOT NULL,
                                                     'statement', b.statement, 'backedAt', b.created_at) ORDER BY b.created_at, o.id), '[]')
            FROM need_backing b JOIN organisation o ON o.id = b.organisation_id WHERE b.need_id = n.id) AS backers,
         (SELECT count(*)::int FROM comment c WHERE c.need_id = n.id AND c.deleted_at IS NULL) AS "commentCount",
         (SELECT COALESCE(json_agg(json_build_object('id', x.id, 'body', x.body, 'authorPseudonym', x.pseudonym, 'organisationName', x.organisation,
                                                     'createdAt', x.created_at) ORDER BY x.created_at DESC, x.id DESC), '[]')
            FROM (SELECT c.id, c.body, c.created_at, p.pseudonym, o.name AS organisation
                    FROM comment c LEFT JOIN person p ON p.id = c.author_id LEFT JOIN organisation o ON o.id = c.organisation_id
                   WHERE c.need_id = n.id AND c.deleted_at IS NULL
                   ORDER BY c.created_at DESC, c.id DESC LIMIT ${TRIAGE_LATEST_COMMENTS}) x) AS "latestComments",
         (SELECT COALESCE(json_agg(json_build_object('authorityId', ca.authority_id, 'authorityName', a.name, 'reason', ca.reason,
                                                     'createdAt', ca.created_at) ORDER BY ca.created_at, ca.authority_id), '[]')
            FROM need_co_assignment ca JOIN authority a ON a.id = ca.authority_id WHERE ca.need_id = n.id) AS "coAssignments",
         (SELECT COALESCE(json_agg(json_build_object('id', i.id, 'body', i.body, 'authorPseudonym', p.pseudonym, 'createdAt', i.created_at)
                                   ORDER BY i.created_at DESC, i.id DESC), '[]')
            FROM need_internal_note i LEFT JOIN person p ON p.id = i.author_id WHERE i.need_id = n.id) AS "internalNotes",
         (SELECT COALESCE(json_agg(json_build_object('id', at.id, 'authorityId', at.authority_id, 'title', at.title, 'body', at.body,
                                                     'status', at.status, 'updatedAt', at.updated_at) ORDER BY at.title, at.id), '[]')
            FROM answer_template at WHERE at.authority_id = n.authority_id) AS "answerTemplates",
         (SELECT COALESCE(json_agg(json_build_object('id', ag.id, 'pseudonym', ag.pseudonym) ORDER BY ag.pseudonym, ag.id), '[]')
            FROM (SELECT DISTINCT p.id, p.pseudonym FROM role_assignment ra JOIN person p ON p.id = ra.person_id
                   WHERE ra.role = 'agent' AND p.deactivated_at IS NULL
                     AND (ra.authority_id = n.authority_id
                          OR ra.authority_id IN (SELECT ca.authority_id FROM need_co_assignment ca WHERE ca.need_id = n.id))) ag) AS agents
    FROM need n
    LEFT JOIN person asg ON asg.id = n.assignee_id
   WHERE n.id = $1`;

/** SQL of the triage page, assignment and internal notes. */
@Injectable()
export class TriageRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** The need's id (any status) for the access check, in one light statement; null when unknown. */
  async idByReference(reference: string): Promise<string | null> {
    const [row] = await this.dataSource.query(`SELECT id FROM need WHERE reference = $1`, [reference]);
    return row?.id ?? null;
  }

  async extras(needId: string): Promise<TriageExtrasRow | null> {
    const [row] = await this.dataSource.query(TRIAGE_EXTRAS, [needId]);
    return row ?? null;
  }

  async lockAssignment(manager: EntityManager, needId: string): Promise<{ assigneeId: string | null; authorityId: string | null } | null> {
    const [row] = await manager.query(`SELECT assignee_id AS "assigneeId", authority_id AS "authorityId" FROM need WHERE id = $1 FOR UPDATE`, [needId]);
    return row ?? null;
  }

  /** Whether the person is an active agent of the need's current authority or of a co-assigned one. */
  async isAgentOfNeed(manager: EntityManager, needId: string, personId: string): Promise<boolean> {
    const [row] = await manager.query(
      `SELECT EXISTS (
         SELECT 1 FROM need n JOIN role_assignment ra ON ra.role = 'agent' AND ra.person_id = $2
           JOIN person p ON p.id = ra.person_id AND p.deactivated_at IS NULL
          WHERE n.id = $1 AND (ra.authority_id = n.authority_id
                               OR ra.authority_id IN (SELECT ca.authority_id FROM need_co_assignment ca WHERE ca.need_id = n.id))) AS ok`,
      [needId, personId],
    );
    return row.ok === true;
  }

  async setAssignee(manager: EntityManager, needId: string, assigneeId: string | null): Promise<void> {
    await manager.query(`UPDATE need SET assignee_id = $2, updated_at = now() WHERE id = $1`, [needId, assigneeId]);
  }

  async insertNote(manager: EntityManager, needId: string, authorId: string, body: string): Promise<{ id: string; createdAt: Date }> {
    const [row] = await manager.query(`INSERT INTO need_internal_note (need_id, author_id, body) VALUES ($1, $2, $3) RETURNING id, created_at AS "createdAt"`, [
      needId,
      authorId,
      body,
    ]);
    return row;
  }
}

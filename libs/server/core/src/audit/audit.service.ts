import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';

export interface AuditRecord {
  /** The acting person; null for the system. */
  actorId: string | null;
  /** e.g. `need.status`, `authority.settings`. */
  action: string;
  /** e.g. `need`, `authority`. */
  subjectType: string;
  subjectId: string;
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
  /**
   * The authority concerned, for browsing the journal by authority. When omitted: the subject itself
   * for an `authority`, else an `authorityId` in `after` or `before`, else a `need`'s current authority.
   */
  authorityId?: string | null;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The authority an entry is filed under when the caller does not say (see AuditRecord.authorityId). */
export function auditAuthorityOf(entry: AuditRecord): string | null {
  if (entry.authorityId !== undefined) return entry.authorityId;
  if (entry.subjectType === 'authority') return entry.subjectId;
  for (const side of [entry.after, entry.before]) {
    const value = side?.authorityId;
    if (typeof value === 'string' && UUID.test(value)) return value;
  }
  return null;
}

/**
 * The audit trail of staff mutations. `record` takes the caller's transaction manager: the entry
 * commits or rolls back with the change it describes, never on its own.
 */
@Injectable()
export class AuditService {
  async record(manager: EntityManager, entry: AuditRecord): Promise<string> {
    if (!manager.queryRunner?.isTransactionActive) throw new Error('AuditService.record must run inside the transaction of the change it records');
    const [row] = await manager.query(
      `INSERT INTO audit_entry (actor_id, action, subject_type, subject_id, before, after, authority_id)
       VALUES ($1, $2, $3, $4, $5, $6, COALESCE($7::uuid, CASE WHEN $3 = 'need' THEN (SELECT n.authority_id FROM need n WHERE n.id = $4::uuid) END))
       RETURNING id`,
      [
        entry.actorId,
        entry.action,
        entry.subjectType,
        entry.subjectId,
        entry.before === null ? null : JSON.stringify(entry.before),
        entry.after === null ? null : JSON.stringify(entry.after),
        auditAuthorityOf(entry),
      ],
    );
    return row.id as string;
  }
}

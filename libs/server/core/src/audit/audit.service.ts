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
      `INSERT INTO audit_entry (actor_id, action, subject_type, subject_id, before, after) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
      [entry.actorId, entry.action, entry.subjectType, entry.subjectId, entry.before === null ? null : JSON.stringify(entry.before), entry.after === null ? null : JSON.stringify(entry.after)],
    );
    return row.id as string;
  }
}

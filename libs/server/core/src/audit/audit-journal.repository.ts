import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { badUserInput, type FieldError } from '../errors/field-errors.js';

/** What admins filter the journal by; every field is optional. */
export interface AuditFilter {
  actorId?: string | null;
  /** Exact action, e.g. `need.status`; a trailing `.*` matches a family (`need.*`). */
  action?: string | null;
  entityType?: string | null;
  entityId?: string | null;
  authorityId?: string | null;
  /** Inclusive lower bound. */
  from?: Date | null;
  /** Exclusive upper bound. */
  to?: Date | null;
}

export interface AuditJournalRow {
  id: string;
  actorId: string | null;
  actorPseudonym: string | null;
  action: string;
  entityType: string;
  entityId: string;
  authorityId: string | null;
  authorityName: string | null;
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
  createdAt: Date;
  /** Keyset position (created_at with its microseconds, and the id). */
  position: string;
}

export interface AuditPage {
  items: AuditJournalRow[];
  hasNextPage: boolean;
}

export const AUDIT_PAGE_MAX = 200;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const ACTION = /^[a-z_]+(\.[a-z_]+)*(\.\*)?$/;
const TYPE = /^[a-z_]+$/;

export function encodeAuditCursor(position: string): string {
  return Buffer.from(position, 'utf8').toString('base64url');
}

function decodeAuditCursor(cursor: string): { at: string; id: string } | null {
  const [at, id] = Buffer.from(cursor, 'base64url').toString('utf8').split('|');
  if (!at || !id || !UUID.test(id) || Number.isNaN(Date.parse(at))) return null;
  return { at, id };
}

/** Checks the filter (BAD_USER_INPUT naming each field) and builds its WHERE clause over `e`. */
export function auditWhere(filter: AuditFilter, params: unknown[]): string {
  const errors: FieldError[] = [];
  const clauses: string[] = [];
  const uuid = (field: 'actorId' | 'entityId' | 'authorityId', column: string) => {
    const value = filter[field]?.trim();
    if (!value) return;
    if (!UUID.test(value)) errors.push({ field: `filter.${field}`, message: 'Cet identifiant n’est pas valide.' });
    else {
      params.push(value);
      clauses.push(`${column} = $${params.length}::uuid`);
    }
  };
  uuid('actorId', 'e.actor_id');
  uuid('entityId', 'e.subject_id');
  uuid('authorityId', 'e.authority_id');
  const action = filter.action?.trim();
  if (action) {
    if (!ACTION.test(action) || action.length > 60) errors.push({ field: 'filter.action', message: 'Indiquez une action comme need.status, ou une famille comme need.*.' });
    else if (action.endsWith('.*')) {
      params.push(`${action.slice(0, -1)}%`);
      clauses.push(`e.action LIKE $${params.length}`);
    } else {
      params.push(action);
      clauses.push(`e.action = $${params.length}`);
    }
  }
  const type = filter.entityType?.trim();
  if (type) {
    if (!TYPE.test(type) || type.length > 40) errors.push({ field: 'filter.entityType', message: 'Indiquez un type d’objet comme need ou authority.' });
    else {
      params.push(type);
      clauses.push(`e.subject_type = $${params.length}`);
    }
  }
  for (const [field, op] of [
    ['from', '>='],
    ['to', '<'],
  ] as const) {
    const value = filter[field];
    if (!value) continue;
    if (Number.isNaN(value.getTime())) errors.push({ field: `filter.${field}`, message: 'Cette date n’est pas valide.' });
    else {
      params.push(value.toISOString());
      clauses.push(`e.created_at ${op} $${params.length}::timestamptz`);
    }
  }
  if (filter.from && filter.to && filter.from.getTime() > filter.to.getTime()) errors.push({ field: 'filter.to', message: 'La date de fin précède la date de début.' });
  if (errors.length) throw badUserInput(errors);
  return clauses.length ? clauses.join(' AND ') : 'true';
}

/** The audit journal, newest first, read by admins (GraphQL page and CSV export). */
@Injectable()
export class AuditJournalRepository {
  constructor(private readonly dataSource: DataSource) {}

  async page(filter: AuditFilter, first: number, after: string | null): Promise<AuditPage> {
    if (!Number.isInteger(first) || first < 1 || first > AUDIT_PAGE_MAX) throw badUserInput([{ field: 'first', message: `Demandez entre 1 et ${AUDIT_PAGE_MAX} entrées.` }]);
    const params: unknown[] = [];
    const where = [auditWhere(filter, params)];
    if (after) {
      const position = decodeAuditCursor(after);
      if (!position) throw badUserInput([{ field: 'after', message: 'Ce curseur n’est pas valide.' }]);
      params.push(position.at, position.id);
      where.push(`(e.created_at, e.id) < ($${params.length - 1}::timestamptz, $${params.length}::uuid)`);
    }
    params.push(first + 1);
    const rows: AuditJournalRow[] = await this.dataSource.query(
      `SELECT e.id, e.actor_id AS "actorId", p.pseudonym AS "actorPseudonym", e.action, e.subject_type AS "entityType", e.subject_id AS "entityId",
              e.authority_id AS "authorityId", a.name AS "authorityName", e.before, e.after, e.created_at AS "createdAt",
              to_char(e.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') || '|' || e.id AS position
         FROM audit_entry e
         LEFT JOIN person p ON p.id = e.actor_id
         LEFT JOIN authority a ON a.id = e.authority_id
        WHERE ${where.join(' AND ')}
        ORDER BY e.created_at DESC, e.id DESC
        LIMIT $${params.length}`,
      params,
    );
    return { items: rows.slice(0, first), hasNextPage: rows.length > first };
  }

  /** Every entry of the filter, page after page (the CSV export streams them). */
  async *all(filter: AuditFilter, batch = AUDIT_PAGE_MAX): AsyncGenerator<AuditJournalRow> {
    let after: string | null = null;
    for (;;) {
      const page = await this.page(filter, batch, after);
      yield* page.items;
      if (!page.hasNextPage) return;
      after = encodeAuditCursor(page.items.at(-1)!.position);
    }
  }
}

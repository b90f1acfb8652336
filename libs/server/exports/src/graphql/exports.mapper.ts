import type { AuditJournalRow } from '@pit/core';
import { exportFileName, type InboxExportRow, type InboxExportsService } from '../inbox-exports.service.js';
import type { AuditEntryType, InboxExportStatusEnum, InboxExportType } from './exports.types.js';

export function toAuditEntryType(row: AuditJournalRow): AuditEntryType {
  return {
    id: row.id,
    actorId: row.actorId,
    actorPseudonym: row.actorPseudonym,
    action: row.action,
    entityType: row.entityType,
    entityId: row.entityId,
    authorityId: row.authorityId,
    authorityName: row.authorityName,
    before: row.before === null ? null : JSON.stringify(row.before),
    after: row.after === null ? null : JSON.stringify(row.after),
    createdAt: row.createdAt,
  };
}

export function toInboxExportType(row: InboxExportRow, service: InboxExportsService, now = new Date()): InboxExportType {
  return {
    id: row.id,
    authorityId: row.authorityId,
    authorityName: row.authorityName,
    status: row.status as InboxExportStatusEnum,
    rowsDone: row.rowsDone,
    rowsTotal: row.rowsTotal,
    q: row.q,
    filter: JSON.stringify(row.filter ?? {}),
    error: row.error,
    createdAt: row.createdAt,
    finishedAt: row.finishedAt,
    expiresAt: row.expiresAt,
    expired: row.status === 'done' && Boolean(row.expiresAt && row.expiresAt.getTime() <= now.getTime()),
    downloadToken: service.downloadToken(row, now),
    fileName: exportFileName(row),
  };
}

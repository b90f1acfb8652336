import { Injectable } from '@nestjs/common';
import { AuditJournalRepository, type AuditFilter, type AuditJournalRow } from '@pit/core';
import { csvRows, safeCell, UTF8_BOM } from './csv.js';

export const AUDIT_CSV_HEADER = ['Date', 'Auteur', "Identifiant de l'auteur", 'Action', "Type d'objet", "Identifiant de l'objet", 'Collectivité', 'Avant', 'Après'];

const PARIS = new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Paris', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' });

/** The journal as CSV chunks (BOM and header first), read page by page: the admins' export. */
@Injectable()
export class AuditCsvService {
  constructor(private readonly journal: AuditJournalRepository) {}

  async *chunks(filter: AuditFilter): AsyncGenerator<Buffer> {
    yield Buffer.from(UTF8_BOM + csvRows([AUDIT_CSV_HEADER]), 'utf8');
    let batch: AuditJournalRow[] = [];
    for await (const entry of this.journal.all(filter)) {
      batch.push(entry);
      if (batch.length === 200) {
        yield Buffer.from(csvRows(batch.map(auditCsvRow)), 'utf8');
        batch = [];
      }
    }
    if (batch.length) yield Buffer.from(csvRows(batch.map(auditCsvRow)), 'utf8');
  }
}

export function auditCsvRow(entry: AuditJournalRow) {
  return [
    PARIS.format(entry.createdAt),
    safeCell(entry.actorPseudonym ?? (entry.actorId ? '(compte supprimé)' : 'Système')),
    entry.actorId,
    entry.action,
    entry.entityType,
    entry.entityId,
    entry.authorityName,
    entry.before === null ? '' : safeCell(JSON.stringify(entry.before)),
    entry.after === null ? '' : safeCell(JSON.stringify(entry.after)),
  ];
}

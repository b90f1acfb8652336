import { Inject, Injectable, Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { NEED_CHANNEL_LABELS, NEED_STATUS_LABELS, type NeedChannel, type NeedStatus } from '@pit/domain';
import { AuditService, OutboxService, badUserInput, rowsOf } from '@pit/core';
import type { Actor } from '@pit/accounts';
import { SORT_KEYS, inboxWhere, overdueSql, type InboxFilterValues, type PhotoStorage } from '@pit/needs';
import { csvRows, safeCell, UTF8_BOM } from './csv.js';
import { checkDownloadToken, newLinkSecret, signDownloadToken, tokenExpiry } from './export-links.js';
import type { InboxExportStatus } from './entities/inbox-export.entity.js';

/** Where export files are kept: the photos' storage (disk by default, S3 when configured). */
export const EXPORT_STORAGE = Symbol('EXPORT_STORAGE');

/** How long a finished export can be downloaded. */
export const EXPORT_LINK_HOURS = 24;
/** Rows read per statement while building (progress is written after each batch). */
export const EXPORT_BATCH = 500;
/** A run that wrote no progress for this long is taken over by the next run. */
const STALE_RUN = `interval '5 minutes'`;
const MAX_ATTEMPTS = 8;
const Q_MAX = 200;

export interface InboxExportRow {
  id: string;
  authorityId: string;
  authorityName: string;
  requestedBy: string;
  filter: InboxFilterValues;
  q: string | null;
  status: InboxExportStatus;
  rowsDone: number;
  rowsTotal: number | null;
  fileKey: string | null;
  linkSecret: string;
  error: string | null;
  createdAt: Date;
  finishedAt: Date | null;
  expiresAt: Date | null;
}

export class ExportDownloadError extends Error {
  constructor(
    readonly status: 401 | 403 | 404 | 410,
    message: string,
  ) {
    super(message);
  }
}

const COLUMNS = `x.id, x.authority_id AS "authorityId", a.name AS "authorityName", x.requested_by AS "requestedBy",
  x.filter->'filter' AS filter, x.filter->>'q' AS q, x.status, x.rows_done AS "rowsDone", x.rows_total AS "rowsTotal",
  x.file_key AS "fileKey", x.link_secret AS "linkSecret", x.error, x.created_at AS "createdAt", x.finished_at AS "finishedAt", x.expires_at AS "expiresAt"`;

export const INBOX_CSV_HEADER = [
  'Référence',
  'Titre',
  'Statut',
  'Thème',
  'Catégorie',
  'Commune',
  'Canal',
  'Soutiens',
  'Seuil atteint',
  'En retard',
  'Réponse attendue le',
  'Assigné à',
  'Déposé le',
];

interface CsvNeedRow {
  id: string;
  reference: string;
  title: string;
  status: NeedStatus;
  theme: string;
  category: string;
  commune: string;
  channel: NeedChannel;
  supports: number;
  thresholdReached: boolean;
  overdue: boolean;
  answerDue: string | null;
  assignee: string | null;
  created: string;
  createdKey: string;
}

const parisTime = (expression: string) => `to_char(${expression} AT TIME ZONE 'Europe/Paris', 'YYYY-MM-DD HH24:MI')`;

/**
 * CSV exports of an authority's inbox. `request` records the export and its job in one transaction
 * (audited); the `build-inbox-export` job writes the file through the storage and the progress as it
 * goes; downloads go through a signed link that expires; `sweep` deletes expired files and rows.
 */
@Injectable()
export class InboxExportsService {
  private readonly logger = new Logger(InboxExportsService.name);

  constructor(
    private readonly dataSource: DataSource,
    private readonly outbox: OutboxService,
    private readonly audit: AuditService,
    @Inject(EXPORT_STORAGE) private readonly storage: PhotoStorage,
  ) {}

  /** Side effects: an inbox_export row (queued), an audit entry `inbox.export`, a `build-inbox-export` job. The caller checked `authority.inbox`. */
  async request(actor: Actor, authorityId: string, filter: InboxFilterValues | null, rawQ: string | null): Promise<InboxExportRow> {
    const q = rawQ?.normalize('NFC').trim() || null;
    if (q && [...q].length > Q_MAX) throw badUserInput([{ field: 'q', message: `La recherche compte ${Q_MAX} caractères au plus.` }]);
    const stored = cleanFilter(filter);
    // Refuses a bad filter now (BAD_USER_INPUT naming the field), not in the job.
    inboxWhere(authorityId, stored, q, [], actor.personId);
    // An admin may export any authority's inbox: one that does not exist is refused (not a foreign-key 500).
    const [authority] = UUID.test(authorityId) ? await this.dataSource.query(`SELECT 1 FROM authority WHERE id = $1`, [authorityId]) : [];
    if (!authority) throw badUserInput([{ field: 'authorityId', message: 'Choisissez une collectivité ou un organisme de la liste.' }]);
    const id = await this.dataSource.transaction(async (manager) => {
      const [row] = await manager.query(`INSERT INTO inbox_export (authority_id, requested_by, filter, link_secret) VALUES ($1, $2, $3, $4) RETURNING id`, [
        authorityId,
        actor.personId,
        JSON.stringify({ filter: stored, q }),
        newLinkSecret(),
      ]);
      await this.audit.record(manager, {
        actorId: actor.personId,
        action: 'inbox.export',
        subjectType: 'inbox_export',
        subjectId: row.id,
        before: null,
        after: { filter: stored, q },
        authorityId,
      });
      await this.outbox.enqueue(manager, [{ name: 'build-inbox-export', payload: { exportId: row.id }, dedupKey: `build-inbox-export:${row.id}` }]);
      return row.id as string;
    });
    return (await this.find(id))!;
  }

  async find(id: string): Promise<InboxExportRow | null> {
    if (!UUID.test(id)) return null;
    const [row] = await this.dataSource.query(`SELECT ${COLUMNS} FROM inbox_export x JOIN authority a ON a.id = x.authority_id WHERE x.id = $1`, [id]);
    return row ?? null;
  }

  /** The actor's exports, newest first. */
  async mine(actor: Actor, first = 20): Promise<InboxExportRow[]> {
    return this.dataSource.query(
      `SELECT ${COLUMNS} FROM inbox_export x JOIN authority a ON a.id = x.authority_id WHERE x.requested_by = $1 ORDER BY x.created_at DESC, x.id DESC LIMIT $2`,
      [actor.personId, Math.min(Math.max(first, 1), 100)],
    );
  }

  /** The download token of a finished export still within its validity; null otherwise. */
  downloadToken(row: InboxExportRow, now = new Date()): string | null {
    if (row.status !== 'done' || !row.expiresAt || row.expiresAt.getTime() <= now.getTime()) return null;
    return signDownloadToken(row.linkSecret, row.id, row.expiresAt);
  }

  /**
   * The file of an export, for its requester or an admin (`mayRead`: the caller checked `export.read`) holding a valid link. Errors carry an HTTP
   * status and a French sentence for the person.
   */
  async download(actor: Actor | null, id: string, token: string, mayRead: boolean): Promise<{ fileName: string; body: Buffer }> {
    if (!actor) throw new ExportDownloadError(401, 'Connectez-vous pour télécharger cet export.');
    const row = await this.find(id);
    const expiry = tokenExpiry(token);
    if (!row) {
      // The sweep deleted it: an expired link says so rather than "unknown".
      if (expiry && expiry.getTime() <= Date.now()) throw new ExportDownloadError(410, expiredMessage(expiry));
      throw new ExportDownloadError(404, "Cet export n'existe pas (ou plus) : demandez un nouvel export.");
    }
    if (!mayRead) throw new ExportDownloadError(403, "Seule la personne qui a demandé cet export peut le télécharger.");
    const check = checkDownloadToken(row.linkSecret, row.id, token);
    if (!check.ok) {
      if (check.reason === 'expired') throw new ExportDownloadError(410, expiredMessage(expiry!));
      throw new ExportDownloadError(404, "Ce lien de téléchargement n'est pas valide : ouvrez la liste de vos exports pour en obtenir un nouveau.");
    }
    if (row.status !== 'done' || !row.fileKey) throw new ExportDownloadError(404, "Cet export n'est pas encore prêt.");
    // The row's own expiry wins over the link's (it may have been shortened since).
    if (!row.expiresAt || row.expiresAt.getTime() <= Date.now()) throw new ExportDownloadError(410, expiredMessage(row.expiresAt ?? expiry!));
    const body = await this.storage.get(row.fileKey);
    if (!body) throw new ExportDownloadError(410, expiredMessage(row.expiresAt ?? new Date()));
    return { fileName: exportFileName(row), body };
  }

  /**
   * The job: builds the CSV of one export. Idempotent: a run claims the export (queued, or running with
   * no progress for 5 minutes); another run meanwhile finds nothing to do; a done export stays as it is.
   * Side effects: the CSV file in the storage; rows_total, rows_done, status on the export.
   */
  async build(exportId: string, attempt = 1): Promise<void> {
    const claimId = randomUUID();
    const claimed = rowsOf<{ id: string }>(
      await this.dataSource.query(
        `UPDATE inbox_export SET status = 'running', claim_id = $2, heartbeat_at = now(), rows_done = 0, error = NULL
          WHERE id = $1 AND (status = 'queued' OR (status = 'running' AND heartbeat_at < now() - ${STALE_RUN})) RETURNING id`,
        [exportId, claimId],
      ),
    );
    if (!claimed.length) return;
    const row = (await this.find(exportId))!;
    let key: string | null = null;
    try {
      const { csv, count } = await this.writeCsv(row, claimId);
      key = `exports/${row.createdAt.toISOString().slice(0, 10).replaceAll('-', '/')}/${row.id}.csv`;
      await this.storage.put(key, csv);
      const finished = rowsOf<{ id: string }>(
        await this.dataSource.query(
          `UPDATE inbox_export SET status = 'done', file_key = $3, rows_done = $4, rows_total = $4, finished_at = now(),
                  expires_at = now() + interval '${EXPORT_LINK_HOURS} hours', claim_id = NULL, heartbeat_at = now()
            WHERE id = $1 AND claim_id = $2 RETURNING id`,
          [exportId, claimId, key, count],
        ),
      );
      // Another run took the export over meanwhile: its file is the one kept (same key: nothing to delete).
      if (!finished.length) this.logger.warn(`export ${exportId}: claim lost, result dropped`);
    } catch (error) {
      if (error instanceof LostClaim) return;
      const last = attempt >= MAX_ATTEMPTS;
      await this.dataSource.query(
        `UPDATE inbox_export SET status = $3, error = $4, claim_id = NULL, finished_at = CASE WHEN $3 = 'failed' THEN now() END WHERE id = $1 AND claim_id = $2`,
        [exportId, claimId, last ? 'failed' : 'queued', last ? "L'export n'a pas pu être construit : demandez-en un nouveau." : null],
      );
      throw error;
    }
  }

  /** The whole CSV (BOM, header, rows), read in one snapshot by batches; progress written after each batch. */
  private async writeCsv(row: InboxExportRow, claimId: string): Promise<{ csv: Buffer; count: number }> {
    const runner = this.dataSource.createQueryRunner();
    await runner.connect();
    try {
      // One snapshot for the count and every batch: the file matches one instant of the inbox.
      await runner.startTransaction('REPEATABLE READ');
      await runner.query('SET TRANSACTION READ ONLY');
      const countParams: unknown[] = [];
      const countWhere = inboxWhere(row.authorityId, row.filter, row.q, countParams, row.requestedBy);
      const [{ total }] = await runner.query(`SELECT count(*)::int AS total FROM need n WHERE ${countWhere}`, countParams);
      await this.progress(row.id, claimId, 0, total);
      const chunks = [Buffer.from(UTF8_BOM + csvRows([INBOX_CSV_HEADER]), 'utf8')];
      let done = 0;
      let after: { key: string; id: string } | null = null;
      for (;;) {
        const params: unknown[] = [];
        const where = [inboxWhere(row.authorityId, row.filter, row.q, params, row.requestedBy)];
        if (after) {
          params.push(after.key, after.id);
          where.push(`(n.created_at, n.id) < ($${params.length - 1}::timestamptz, $${params.length}::uuid)`);
        }
        params.push(EXPORT_BATCH);
        const batch: CsvNeedRow[] = await runner.query(
          `SELECT n.id, n.reference, n.title, n.status, th.label AS theme, c.label AS category, m.name AS commune, n.channel,
                  ${SORT_KEYS.most_supported.expression}::int AS supports,
                  EXISTS (SELECT 1 FROM need_engagement e WHERE e.need_id = n.id) AS "thresholdReached",
                  COALESCE(${overdueSql('n')}, false) AS overdue,
                  ${parisTime('n.answer_due_at')} AS "answerDue", p.pseudonym AS assignee, ${parisTime('n.created_at')} AS created,
                  to_char(n.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS "createdKey"
             FROM need n
             JOIN category c ON c.key = n.category_key
             JOIN theme th ON th.key = c.theme_key
             JOIN commune m ON m.code = n.commune_code
             LEFT JOIN person p ON p.id = n.assignee_id
            WHERE ${where.join(' AND ')}
            ORDER BY n.created_at DESC, n.id DESC
            LIMIT $${params.length}`,
          params,
        );
        if (batch.length) {
          chunks.push(Buffer.from(csvRows(batch.map(toCsvRow)), 'utf8'));
          done += batch.length;
          await this.progress(row.id, claimId, done, Math.max(total, done));
        }
        if (batch.length < EXPORT_BATCH) break;
        const last = batch.at(-1)!;
        after = { key: last.createdKey, id: last.id };
      }
      await runner.commitTransaction();
      return { csv: Buffer.concat(chunks), count: done };
    } catch (error) {
      if (runner.isTransactionActive) await runner.rollbackTransaction();
      throw error;
    } finally {
      await runner.release();
    }
  }

  private async progress(id: string, claimId: string, done: number, total: number): Promise<void> {
    const updated = rowsOf<{ id: string }>(
      await this.dataSource.query(`UPDATE inbox_export SET rows_done = $3, rows_total = $4, heartbeat_at = now() WHERE id = $1 AND claim_id = $2 RETURNING id`, [
        id,
        claimId,
        done,
        total,
      ]),
    );
    if (!updated.length) throw new LostClaim();
  }

  /**
   * Retention: deletes the files and rows of exports whose link expired (and of failed ones after a
   * day); requeues a run that stopped writing progress (a crashed worker). Returns how many were deleted.
   */
  async sweep(): Promise<number> {
    const expired: Array<{ id: string; fileKey: string | null }> = await this.dataSource.query(
      `SELECT id, file_key AS "fileKey" FROM inbox_export
        WHERE (status = 'done' AND expires_at <= now()) OR (status = 'failed' AND created_at < now() - interval '1 day')
        ORDER BY created_at LIMIT 500`,
    );
    let deleted = 0;
    for (const row of expired) {
      // File first: a row never points at a file already gone, and a file is never left without its row.
      if (row.fileKey) await this.storage.delete(row.fileKey);
      deleted += rowsOf(await this.dataSource.query(`DELETE FROM inbox_export WHERE id = $1 RETURNING id`, [row.id])).length;
    }
    await this.dataSource.transaction(async (manager) => {
      const stuck = rowsOf<{ id: string }>(
        await manager.query(
          `UPDATE inbox_export SET status = 'queued', claim_id = NULL WHERE status = 'running' AND heartbeat_at < now() - ${STALE_RUN} RETURNING id`,
        ),
      );
      if (stuck.length) {
        await this.outbox.enqueue(
          manager,
          stuck.map(({ id }) => ({ name: 'build-inbox-export' as const, payload: { exportId: id }, dedupKey: `build-inbox-export:${id}:${Date.now()}` })),
        );
      }
    });
    return deleted;
  }
}

class LostClaim extends Error {}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Keeps only the fields an inbox filter has, and drops empty ones (the row stores what the job will use). */
function cleanFilter(filter: InboxFilterValues | null): InboxFilterValues {
  const out: InboxFilterValues = {};
  if (!filter) return out;
  if (filter.statuses?.length) out.statuses = [...filter.statuses];
  for (const field of ['themeKey', 'categoryKey', 'communeCode', 'assignee', 'channel'] as const) {
    const value = filter[field];
    if (typeof value === 'string' && value.trim()) out[field] = value.trim();
  }
  for (const field of ['overdue', 'thresholdReached'] as const) {
    if (typeof filter[field] === 'boolean') out[field] = filter[field];
  }
  return out;
}

function toCsvRow(row: CsvNeedRow) {
  return [
    row.reference,
    safeCell(row.title),
    NEED_STATUS_LABELS[row.status]?.fr ?? row.status,
    row.theme,
    row.category,
    row.commune,
    NEED_CHANNEL_LABELS[row.channel] ?? row.channel,
    row.supports,
    row.thresholdReached,
    row.overdue,
    row.answerDue,
    safeCell(row.assignee),
    row.created,
  ];
}

export function exportFileName(row: Pick<InboxExportRow, 'createdAt' | 'authorityName'>): string {
  const slug = row.authorityName
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
  return `besoins-${slug}-${row.createdAt.toISOString().slice(0, 10)}.csv`;
}

const PARIS = new Intl.DateTimeFormat('fr-FR', { dateStyle: 'long', timeStyle: 'short', timeZone: 'Europe/Paris' });

function expiredMessage(expiry: Date): string {
  return `Ce lien de téléchargement a expiré le ${PARIS.format(expiry)} : demandez un nouvel export depuis la page Exports.`;
}

import { Inject, Injectable, Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { APP_CONFIG, MailService, OutboxService, rowsOf, type AppConfig } from '@pit/core';
import type { Actor } from '@pit/accounts';
import { PRIVACY_RETENTION } from '@pit/domain';
import type { PhotoStorage } from '@pit/needs';
import { ExportDownloadError, checkDownloadToken, newLinkSecret, signDownloadToken, tokenExpiry } from '@pit/exports';
import type { DataExportStatus } from './entities/data-export.entity.js';
import { collectPersonalData } from './personal-data.js';
import { dataExportReadyEmail } from './privacy-emails.js';

/** Where the files are kept: the photos' storage (disk by default, S3 when configured). */
export const PRIVACY_STORAGE = Symbol('PRIVACY_STORAGE');

/** How long a finished file can be downloaded (and is kept: the retention job deletes it then). */
export const DATA_EXPORT_LINK_DAYS = PRIVACY_RETENTION.dataExportDays;
const STALE_RUN = `interval '5 minutes'`;
const MAX_ATTEMPTS = 8;

export interface DataExportRow {
  id: string;
  personId: string;
  status: DataExportStatus;
  fileKey: string | null;
  linkSecret: string;
  error: string | null;
  createdAt: Date;
  finishedAt: Date | null;
  expiresAt: Date | null;
}

const COLUMNS = `id, person_id AS "personId", status, file_key AS "fileKey", link_secret AS "linkSecret", error,
  created_at AS "createdAt", finished_at AS "finishedAt", expires_at AS "expiresAt"`;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * "Télécharger mes données". `request` records the export and its job (one waiting export per person:
 * asking again returns it); the `build-data-export` job writes the JSON through the storage and emails
 * the person that it is ready; the file is downloaded through a signed link valid 7 days (the link
 * machinery of the inbox exports); `sweep` deletes expired files and rows.
 */
@Injectable()
export class DataExportService {
  private readonly logger = new Logger(DataExportService.name);

  constructor(
    private readonly dataSource: DataSource,
    private readonly outbox: OutboxService,
    private readonly mail: MailService,
    @Inject(PRIVACY_STORAGE) private readonly storage: PhotoStorage,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** Side effects: a data_export row (queued) and a `build-data-export` job, in one transaction; none when one is already waiting. */
  async request(actor: Actor): Promise<DataExportRow> {
    const id = await this.dataSource.transaction(async (manager) => {
      // Serializes two clicks of the same person (the partial unique index would refuse the second).
      await manager.query(`SELECT pg_advisory_xact_lock(hashtextextended('data-export:' || $1, 0))`, [actor.personId]);
      const [pending] = await manager.query(`SELECT id FROM data_export WHERE person_id = $1 AND status IN ('queued', 'running')`, [actor.personId]);
      if (pending) return pending.id as string;
      const [row] = await manager.query(`INSERT INTO data_export (person_id, link_secret) VALUES ($1, $2) RETURNING id`, [actor.personId, newLinkSecret()]);
      await this.outbox.enqueue(manager, [{ name: 'build-data-export', payload: { exportId: row.id }, dedupKey: `build-data-export:${row.id}` }]);
      return row.id as string;
    });
    return (await this.find(id))!;
  }

  async find(id: string): Promise<DataExportRow | null> {
    if (!UUID.test(id)) return null;
    const [row] = await this.dataSource.query(`SELECT ${COLUMNS} FROM data_export WHERE id = $1`, [id]);
    return row ?? null;
  }

  /** The person's latest export, if any. */
  async latest(personId: string): Promise<DataExportRow | null> {
    const [row] = await this.dataSource.query(`SELECT ${COLUMNS} FROM data_export WHERE person_id = $1 ORDER BY created_at DESC, id DESC LIMIT 1`, [personId]);
    return row ?? null;
  }

  /** The download token of a finished export still valid; null otherwise. */
  downloadToken(row: DataExportRow, now = new Date()): string | null {
    if (row.status !== 'done' || !row.expiresAt || row.expiresAt.getTime() <= now.getTime()) return null;
    return signDownloadToken(row.linkSecret, row.id, row.expiresAt);
  }

  /** The file, for its owner only, with a valid link. Errors carry an HTTP status and a French sentence. */
  async download(actor: Actor | null, id: string, token: string, now = new Date()): Promise<{ fileName: string; body: Buffer }> {
    if (!actor) throw new ExportDownloadError(401, 'Connectez-vous pour télécharger vos données.');
    const row = await this.find(id);
    const expiry = tokenExpiry(token);
    if (!row) {
      if (expiry && expiry.getTime() <= now.getTime()) throw new ExportDownloadError(410, EXPIRED);
      throw new ExportDownloadError(404, "Ce fichier n'existe pas (ou plus) : demandez un nouvel export de vos données.");
    }
    if (row.personId !== actor.personId) throw new ExportDownloadError(403, 'Seule la personne concernée peut télécharger ses données.');
    const check = checkDownloadToken(row.linkSecret, row.id, token, now);
    if (!check.ok) {
      if (check.reason === 'expired') throw new ExportDownloadError(410, EXPIRED);
      throw new ExportDownloadError(404, "Ce lien de téléchargement n'est pas valide : ouvrez la page « Mes données » pour en obtenir un nouveau.");
    }
    if (row.status !== 'done' || !row.fileKey) throw new ExportDownloadError(404, "Vos données ne sont pas encore prêtes.");
    if (!row.expiresAt || row.expiresAt.getTime() <= now.getTime()) throw new ExportDownloadError(410, EXPIRED);
    const body = await this.storage.get(row.fileKey);
    if (!body) throw new ExportDownloadError(410, EXPIRED);
    return { fileName: `mes-donnees-${row.createdAt.toISOString().slice(0, 10)}.json`, body };
  }

  /**
   * The job: builds one export. Idempotent: a run claims the export (queued, or running without a
   * heartbeat for 5 minutes); another run finds nothing to do; a done export stays as it is (one file).
   * Side effects: the JSON file in the storage, the export's status and expiry, one email (mail_delivery
   * data-export:<id>).
   */
  async build(exportId: string, attempt = 1): Promise<void> {
    const claimId = randomUUID();
    const claimed = rowsOf<{ id: string }>(
      await this.dataSource.query(
        `UPDATE data_export SET status = 'running', claim_id = $2, heartbeat_at = now(), error = NULL
          WHERE id = $1 AND (status = 'queued' OR (status = 'running' AND heartbeat_at < now() - ${STALE_RUN})) RETURNING id`,
        [exportId, claimId],
      ),
    );
    if (!claimed.length) return;
    const row = (await this.find(exportId))!;
    try {
      const data = await this.dataSource.transaction('REPEATABLE READ', async (manager) => {
        await manager.query('SET TRANSACTION READ ONLY');
        return collectPersonalData(manager, row.personId);
      });
      const file = { generatedAt: new Date().toISOString(), platform: "Plateforme d'Intelligence Territoriale — Pôle métropolitain Loire Angers", ...data };
      const key = `data-exports/${row.id}.json`;
      await this.storage.put(key, Buffer.from(JSON.stringify(file, null, 2), 'utf8'));
      await this.dataSource.transaction(async (manager) => {
        const finished = rowsOf<{ id: string }>(
          await manager.query(
            `UPDATE data_export SET status = 'done', file_key = $3, finished_at = now(), expires_at = now() + interval '${DATA_EXPORT_LINK_DAYS} days', claim_id = NULL
              WHERE id = $1 AND claim_id = $2 RETURNING id`,
            [exportId, claimId, key],
          ),
        );
        if (!finished.length) {
          this.logger.warn(`data export ${exportId}: claim lost, result dropped`);
          return;
        }
        const [person] = await manager.query(`SELECT email, pseudonym FROM person WHERE id = $1`, [row.personId]);
        if (person?.email) await this.mail.sendOnce(manager, `data-export:${exportId}`, dataExportReadyEmail(this.config.publicUrl, person.email, person.pseudonym));
      });
    } catch (error) {
      const last = attempt >= MAX_ATTEMPTS;
      await this.dataSource.query(
        `UPDATE data_export SET status = $3, error = $4, claim_id = NULL, finished_at = CASE WHEN $3 = 'failed' THEN now() END WHERE id = $1 AND claim_id = $2`,
        [exportId, claimId, last ? 'failed' : 'queued', last ? "Vos données n'ont pas pu être rassemblées : demandez un nouvel export." : null],
      );
      throw error;
    }
  }

  /** Retention: deletes the files and rows of exports whose link expired (and failed ones after a day). Returns how many. */
  async sweep(now = new Date()): Promise<number> {
    const expired: Array<{ id: string; fileKey: string | null }> = await this.dataSource.query(
      `SELECT id, file_key AS "fileKey" FROM data_export
        WHERE (status = 'done' AND expires_at <= $1) OR (status = 'failed' AND created_at < $1::timestamptz - interval '1 day')
        ORDER BY created_at LIMIT 500`,
      [now],
    );
    let deleted = 0;
    for (const row of expired) {
      if (row.fileKey) await this.storage.delete(row.fileKey);
      deleted += rowsOf(await this.dataSource.query(`DELETE FROM data_export WHERE id = $1 RETURNING id`, [row.id])).length;
    }
    return deleted;
  }

  /** Deletes stored files (after an account erasure committed: its rows are gone, the files go next). */
  async deleteFiles(keys: string[]): Promise<void> {
    for (const key of keys) await this.storage.delete(key);
  }
}

const EXPIRED = "Ce lien de téléchargement a expiré (il vaut 7 jours) : demandez un nouvel export depuis la page « Mes données ».";

import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { rowsOf } from '@pit/core';
import { notHeldSql } from '../moderation/moderation-sql.js';

export interface StoredPhoto {
  id: string;
  needId: string | null;
  draftId: string | null;
  uploadedBy: string | null;
  storageKey: string;
  alt: string | null;
}

@Injectable()
export class NeedPhotosRepository {
  constructor(private readonly dataSource: DataSource) {}

  async insert(photo: { tokenHash: Buffer; uploadedBy: string | null; storageKey: string; width: number; height: number; bytes: number; pageBytes: number }): Promise<string> {
    const [row] = await this.dataSource.query(
      `INSERT INTO need_photo (token_hash, uploaded_by, storage_key, width, height, bytes, page_bytes) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
      [photo.tokenHash, photo.uploadedBy, photo.storageKey, photo.width, photo.height, photo.bytes, photo.pageBytes],
    );
    return row.id;
  }

  /**
   * Deletes photos uploaded more than a day ago and never kept (no need, no draft): a form left
   * half-way. A few at a time; returns their storage keys so that the files go too.
   */
  async deleteAbandoned(limit = 20): Promise<string[]> {
    const rows: Array<{ storageKey: string }> = await this.dataSource.query(
      `DELETE FROM need_photo WHERE id IN (
         SELECT id FROM need_photo WHERE need_id IS NULL AND draft_id IS NULL AND created_at < now() - interval '1 day'
          ORDER BY created_at LIMIT $1 FOR UPDATE SKIP LOCKED)
       RETURNING storage_key AS "storageKey"`,
      [limit],
    );
    return rowsOf<{ storageKey: string }>(rows).map((row) => row.storageKey);
  }

  /** Storage keys of a draft's photos (their rows go with the draft). */
  async storageKeysOfDraft(manager: EntityManager, draftId: string): Promise<string[]> {
    const rows: Array<{ storageKey: string }> = await manager.query(`SELECT storage_key AS "storageKey" FROM need_photo WHERE draft_id = $1`, [draftId]);
    return rows.map((row) => row.storageKey);
  }

  /** Photos by their upload tokens' hashes, locked for attaching. */
  async lockByTokens(manager: EntityManager, hashes: Buffer[]): Promise<Array<StoredPhoto & { tokenHash: Buffer }>> {
    if (!hashes.length) return [];
    return manager.query(
      `SELECT id, need_id AS "needId", draft_id AS "draftId", uploaded_by AS "uploadedBy", storage_key AS "storageKey", alt, token_hash AS "tokenHash"
         FROM need_photo WHERE token_hash = ANY($1::bytea[]) FOR UPDATE`,
      [hashes],
    );
  }

  async attachToNeed(manager: EntityManager, photoId: string, needId: string, position: number, alt: string): Promise<void> {
    await manager.query(`UPDATE need_photo SET need_id = $2, draft_id = NULL, position = $3, alt = $4 WHERE id = $1`, [photoId, needId, position, alt]);
  }

  async attachToDraft(manager: EntityManager, photoId: string, draftId: string, alt: string | null): Promise<void> {
    await manager.query(`UPDATE need_photo SET draft_id = $2, alt = $3 WHERE id = $1`, [photoId, draftId, alt]);
  }

  async byToken(hash: Buffer): Promise<StoredPhoto | null> {
    const [row] = await this.dataSource.query(
      `SELECT id, need_id AS "needId", draft_id AS "draftId", uploaded_by AS "uploadedBy", storage_key AS "storageKey", alt FROM need_photo WHERE token_hash = $1`,
      [hash],
    );
    return row ?? null;
  }

  /** A photo of a public need by its position (withdrawn needs keep theirs; hidden and held ones do not show them). */
  async publicPhoto(reference: string, position: number): Promise<StoredPhoto | null> {
    const [row] = await this.dataSource.query(
      `SELECT p.id, p.need_id AS "needId", p.draft_id AS "draftId", p.uploaded_by AS "uploadedBy", p.storage_key AS "storageKey", p.alt
         FROM need_photo p JOIN need n ON n.id = p.need_id
        WHERE n.reference = $1 AND p.position = $2 AND n.status NOT IN ('pending_confirmation', 'hidden') AND ${notHeldSql('n')}`,
      [reference, position],
    );
    return row ?? null;
  }
}

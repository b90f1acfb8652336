import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';

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

  /** A photo of a public need by its position (withdrawn needs keep theirs; hidden ones do not show them). */
  async publicPhoto(reference: string, position: number): Promise<StoredPhoto | null> {
    const [row] = await this.dataSource.query(
      `SELECT p.id, p.need_id AS "needId", p.draft_id AS "draftId", p.uploaded_by AS "uploadedBy", p.storage_key AS "storageKey", p.alt
         FROM need_photo p JOIN need n ON n.id = p.need_id
        WHERE n.reference = $1 AND p.position = $2 AND n.status NOT IN ('pending_confirmation', 'hidden')`,
      [reference, position],
    );
    return row ?? null;
  }
}

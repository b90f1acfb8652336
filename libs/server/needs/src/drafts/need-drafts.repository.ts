import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { rowsOf } from '@pit/core';

export interface DraftRow {
  id: string;
  payload: Record<string, unknown>;
  createdAt: Date;
  updatedAt: Date;
}

const COLUMNS = `id, payload, created_at AS "createdAt", updated_at AS "updatedAt"`;

@Injectable()
export class NeedDraftsRepository {
  constructor(private readonly dataSource: DataSource) {}

  async insert(manager: EntityManager, personId: string, payload: Record<string, unknown>): Promise<string> {
    const [row] = await manager.query(`INSERT INTO need_draft (person_id, payload) VALUES ($1, $2) RETURNING id`, [personId, payload]);
    return row.id;
  }

  /** Updates a draft of this person; false when it is not theirs or no longer exists. */
  async update(manager: EntityManager, personId: string, draftId: string, payload: Record<string, unknown>): Promise<boolean> {
    const rows = await manager.query(`UPDATE need_draft SET payload = $3, updated_at = now() WHERE id = $1 AND person_id = $2 RETURNING id`, [draftId, personId, payload]);
    return rowsOf(rows).length > 0;
  }

  async find(personId: string, draftId: string, manager: EntityManager = this.dataSource.manager): Promise<DraftRow | null> {
    const [row] = await manager.query(`SELECT ${COLUMNS} FROM need_draft WHERE id = $1 AND person_id = $2`, [draftId, personId]);
    return row ?? null;
  }

  async list(personId: string): Promise<DraftRow[]> {
    return this.dataSource.query(`SELECT ${COLUMNS} FROM need_draft WHERE person_id = $1 ORDER BY updated_at DESC, id LIMIT 50`, [personId]);
  }

  async delete(manager: EntityManager, personId: string, draftId: string): Promise<boolean> {
    const rows = await manager.query(`DELETE FROM need_draft WHERE id = $1 AND person_id = $2 RETURNING id`, [draftId, personId]);
    return rowsOf(rows).length > 0;
  }
}

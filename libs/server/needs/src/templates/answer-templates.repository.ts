import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { NeedStatus } from '@pit/domain';
import { rowsOf } from '@pit/core';

export interface AnswerTemplateRow {
  id: string;
  authorityId: string;
  title: string;
  body: string;
  status: NeedStatus | null;
  createdBy: string | null;
  updatedAt: Date;
}

const COLUMNS = `id, authority_id AS "authorityId", title, body, status, created_by AS "createdBy", updated_at AS "updatedAt"`;

/** SQL of answer_template, and the reference → id lookup of a bulk selection. */
@Injectable()
export class AnswerTemplatesRepository {
  constructor(private readonly dataSource: DataSource) {}

  async listByAuthority(authorityId: string): Promise<AnswerTemplateRow[]> {
    return this.dataSource.query(`SELECT ${COLUMNS} FROM answer_template WHERE authority_id = $1 ORDER BY title, id`, [authorityId]);
  }

  async find(id: string, manager: EntityManager = this.dataSource.manager): Promise<AnswerTemplateRow | null> {
    const rows: AnswerTemplateRow[] = await manager.query(`SELECT ${COLUMNS} FROM answer_template WHERE id = $1`, [id]);
    return rows[0] ?? null;
  }

  async lock(manager: EntityManager, id: string): Promise<AnswerTemplateRow | null> {
    const rows: AnswerTemplateRow[] = await manager.query(`SELECT ${COLUMNS} FROM answer_template WHERE id = $1 FOR UPDATE`, [id]);
    return rows[0] ?? null;
  }

  async insert(manager: EntityManager, fields: { authorityId: string; title: string; body: string; status: NeedStatus | null; createdBy: string }): Promise<AnswerTemplateRow> {
    const [row] = await manager.query(
      `INSERT INTO answer_template (authority_id, title, body, status, created_by) VALUES ($1, $2, $3, $4, $5) RETURNING ${COLUMNS}`,
      [fields.authorityId, fields.title, fields.body, fields.status, fields.createdBy],
    );
    return row;
  }

  async update(manager: EntityManager, id: string, fields: { title: string; body: string; status: NeedStatus | null }): Promise<AnswerTemplateRow> {
    const rows = await manager.query(`UPDATE answer_template SET title = $2, body = $3, status = $4, updated_at = now() WHERE id = $1 RETURNING ${COLUMNS}`, [
      id,
      fields.title,
      fields.body,
      fields.status,
    ]);
    return rowsOf<AnswerTemplateRow>(rows)[0]!;
  }

  async delete(manager: EntityManager, id: string): Promise<void> {
    await manager.query(`DELETE FROM answer_template WHERE id = $1`, [id]);
  }

  /** Need ids by canonical reference, in one query (unknown references are absent). */
  async needIdsByReference(references: readonly string[]): Promise<Map<string, string>> {
    const rows: Array<{ id: string; reference: string }> = await this.dataSource.query(`SELECT id, reference FROM need WHERE reference = ANY($1::text[])`, [[...new Set(references)]]);
    return new Map(rows.map((row) => [row.reference, row.id]));
  }
}

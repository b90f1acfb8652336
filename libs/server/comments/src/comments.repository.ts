import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';

/** What a comment hidden by moderation shows instead of its text, before the public reason. */
export const HIDDEN_COMMENT_PREFIX = 'Masqué par la modération : ';

export interface CommentView {
  id: string;
  needId: string;
  parentId: string | null;
  authorId: string | null;
  authorPseudonym: string | null;
  organisationName: string | null;
  isNeedAuthor: boolean;
  /** Null once deleted; "Masqué par la modération : <reason>" once hidden by moderation. */
  body: string | null;
  /** Hidden by moderation (hideComment). */
  hidden: boolean;
  createdAt: Date;
  editedAt: Date | null;
  deletedAt: Date | null;
  /** Replies, oldest first (empty for replies). */
  replies: CommentView[];
}

export interface CommentPosition {
  createdAt: string;
  id: string;
}

const COMMENT_JSON = (alias: string) => `json_build_object(
  'id', ${alias}.id, 'needId', ${alias}.need_id, 'parentId', ${alias}.parent_id, 'authorId', ${alias}.author_id,
  'authorPseudonym', (SELECT p.pseudonym FROM person p WHERE p.id = ${alias}.author_id),
  'organisationName', (SELECT o.name FROM organisation o WHERE o.id = ${alias}.organisation_id),
  'isNeedAuthor', COALESCE(${alias}.author_id = n.author_id AND ${alias}.organisation_id IS NULL, false),
  'body', CASE WHEN ${alias}.deleted_at IS NULL THEN COALESCE('${HIDDEN_COMMENT_PREFIX}' || ${alias}.hidden_reason, ${alias}.body) END,
  'hidden', ${alias}.hidden_at IS NOT NULL,
  'createdAt', ${alias}.created_at, 'editedAt', ${alias}.edited_at, 'deletedAt', ${alias}.deleted_at)`;

type Raw = Omit<CommentView, 'createdAt' | 'editedAt' | 'deletedAt' | 'replies'> & { createdAt: string; editedAt: string | null; deletedAt: string | null };

function toView(raw: Raw, replies: Raw[] = []): CommentView {
  return {
    ...raw,
    createdAt: new Date(raw.createdAt),
    editedAt: raw.editedAt ? new Date(raw.editedAt) : null,
    deletedAt: raw.deletedAt ? new Date(raw.deletedAt) : null,
    replies: replies.map((reply) => toView(reply)),
  };
}

@Injectable()
export class CommentsRepository {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * A page of a need's top-level comments (oldest first, keyset on (created_at, id)) with all
   * their replies: one statement whatever the page size.
   */
  async page(needId: string, first: number, after: CommentPosition | null): Promise<{ items: Array<CommentView & { position: CommentPosition }>; hasNextPage: boolean }> {
    const params: unknown[] = [needId, first + 1];
    let keyset = '';
    if (after) {
      params.push(after.createdAt, after.id);
      keyset = `AND (c.created_at, c.id) > ($3::timestamptz, $4::uuid)`;
    }
    const rows: Array<{ comment: Raw; replies: Raw[]; position: string }> = await this.dataSource.query(
      `SELECT ${COMMENT_JSON('c')} AS comment,
              to_char(c.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS position,
              (SELECT COALESCE(json_agg(${COMMENT_JSON('r')} ORDER BY r.created_at, r.id), '[]')
                 FROM comment r WHERE r.parent_id = c.id) AS replies
         FROM comment c JOIN need n ON n.id = c.need_id
        WHERE c.need_id = $1 AND c.parent_id IS NULL ${keyset}
        ORDER BY c.created_at, c.id
        LIMIT $2`,
      params,
    );
    return {
      items: rows.slice(0, first).map((row) => ({ ...toView(row.comment, row.replies), position: { createdAt: row.position, id: row.comment.id } })),
      hasNextPage: rows.length > first,
    };
  }

  /** Comments (replies included, deleted excluded) of many needs: one statement. */
  async counts(needIds: readonly string[]): Promise<Map<string, number>> {
    const rows: Array<{ needId: string; count: number }> = await this.dataSource.query(
      `SELECT need_id AS "needId", count(*)::int AS count FROM comment
        WHERE need_id = ANY($1::uuid[]) AND deleted_at IS NULL GROUP BY need_id`,
      [[...new Set(needIds)]],
    );
    return new Map(rows.map((row) => [row.needId, row.count]));
  }

  /** Top-level comments of many needs, deleted ones included (they keep their thread): one statement. */
  async threadCounts(needIds: readonly string[]): Promise<Map<string, number>> {
    const rows: Array<{ needId: string; count: number }> = await this.dataSource.query(
      `SELECT need_id AS "needId", count(*)::int AS count FROM comment
        WHERE need_id = ANY($1::uuid[]) AND parent_id IS NULL GROUP BY need_id`,
      [[...new Set(needIds)]],
    );
    return new Map(rows.map((row) => [row.needId, row.count]));
  }

  async findById(id: string, manager: EntityManager = this.dataSource.manager): Promise<CommentView | null> {
    const rows: Array<{ comment: Raw }> = await manager.query(
      `SELECT ${COMMENT_JSON('c')} AS comment FROM comment c JOIN need n ON n.id = c.need_id WHERE c.id = $1`,
      [id],
    );
    return rows[0] ? toView(rows[0].comment) : null;
  }
}

const CURSOR_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/;
const CURSOR_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export function encodeCommentCursor(position: CommentPosition): string {
  return Buffer.from(`${position.createdAt}|${position.id}`, 'utf8').toString('base64url');
}

/** Null when the cursor is not one of ours. */
export function decodeCommentCursor(cursor: string): CommentPosition | null {
  const [createdAt, id] = Buffer.from(cursor, 'base64url').toString('utf8').split('|');
  return createdAt && id && CURSOR_TIME.test(createdAt) && CURSOR_ID.test(id) ? { createdAt, id } : null;
}

import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { OutboxService, badUserInput, rowsOf } from '@pit/core';
import { tokenHash } from './secrets.js';

export const TOKEN_PURPOSES = ['verify_email', 'reset_password', 'change_email', 'confirm_need', 'organisation_invitation'] as const;
export type TokenPurpose = (typeof TOKEN_PURPOSES)[number];

/** How long each link stays valid. */
export const TOKEN_TTL: Record<TokenPurpose, string> = {
  verify_email: '7 days',
  reset_password: '1 hour',
  change_email: '1 day',
  confirm_need: '30 days',
  organisation_invitation: '14 days',
};

export interface EmailTokenRow {
  id: string;
  purpose: TokenPurpose;
  personId: string | null;
  email: string;
  subjectId: string | null;
  detail: string | null;
}

export const INVALID_LINK = "Ce lien n'est plus valable (déjà utilisé ou expiré) : demandez-en un nouveau.";

@Injectable()
export class EmailTokensService {
  constructor(private readonly outbox: OutboxService) {}

  /** Records a link to send; its secret is drawn by the send-token-email job, never stored in clear. */
  async issue(
    manager: EntityManager,
    token: { purpose: TokenPurpose; email: string; personId?: string | null; subjectId?: string | null; detail?: string | null },
  ): Promise<string> {
    const [row] = await manager.query(
      `INSERT INTO email_token (purpose, email, person_id, subject_id, detail, expires_at)
       VALUES ($1, $2, $3, $4, $5, now() + $6::interval) RETURNING id`,
      [token.purpose, token.email.toLowerCase(), token.personId ?? null, token.subjectId ?? null, token.detail ?? null, TOKEN_TTL[token.purpose]],
    );
    await this.outbox.enqueue(manager, [{ name: 'send-token-email', payload: { tokenId: row.id }, dedupKey: `send-token-email:${row.id}` }]);
    return row.id as string;
  }

  /** Uses a link once: returns its row, or refuses with a clear message naming the field `token`. */
  async consume(manager: EntityManager, purpose: TokenPurpose, secret: string): Promise<EmailTokenRow> {
    const rows = rowsOf<EmailTokenRow>(
      await manager.query(
        `UPDATE email_token SET used_at = now()
          WHERE token_hash = $1 AND purpose = $2 AND used_at IS NULL AND expires_at > now()
          RETURNING id, purpose, person_id AS "personId", email, subject_id AS "subjectId", detail`,
        [tokenHash(secret.trim()), purpose],
      ),
    );
    if (!rows[0]) throw badUserInput([{ field: 'token', message: INVALID_LINK }]);
    return rows[0];
  }
}

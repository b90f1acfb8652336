import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { APP_CONFIG, JobHandler, MailService, type AppConfig, type JobPayloads, type JobProcessorClass } from '@pit/core';
import type { TokenPurpose } from '../email-tokens.service.js';
import { randomToken, tokenHash } from '../secrets.js';
import { TOKEN_LINK_PATHS, tokenEmail } from './token-emails.js';

/**
 * send-token-email: draws the secret of an emailed link, stores its hash and sends the email, in one
 * transaction. Idempotent: a token already sent, used or expired is left alone, and the delivery
 * record (token:<id>, recipient) stops a second send. Side effects: one email, one mail_delivery row.
 */
@Injectable()
@JobHandler('send-token-email')
export class SendTokenEmailJob implements JobProcessorClass<'send-token-email'> {
  constructor(
    private readonly dataSource: DataSource,
    private readonly mail: MailService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async handle({ tokenId }: JobPayloads['send-token-email']): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      const [token] = await manager.query(
        `SELECT t.id, t.purpose, t.email, o.name AS "organisationName", n.title AS "needTitle"
           FROM email_token t
           LEFT JOIN organisation o ON t.purpose = 'organisation_invitation' AND o.id = t.subject_id
           LEFT JOIN need n ON t.purpose = 'confirm_need' AND n.id = t.subject_id
          WHERE t.id = $1 AND t.sent_at IS NULL AND t.used_at IS NULL AND t.expires_at > now()
          FOR UPDATE OF t`,
        [tokenId],
      );
      if (!token) return;
      const secret = randomToken();
      await manager.query(`UPDATE email_token SET token_hash = $2, sent_at = now() WHERE id = $1`, [tokenId, tokenHash(secret)]);
      const purpose = token.purpose as TokenPurpose;
      const link = `${this.config.publicUrl}${TOKEN_LINK_PATHS[purpose]}?jeton=${secret}`;
      // The link's secret is stored by this transaction: never recorded apart from it (see MailService.sendOnce).
      await this.mail.sendOnce(manager, `token:${tokenId}`, tokenEmail(purpose, token.email, link, token), { carriesTransactionSecret: true });
    });
  }
}

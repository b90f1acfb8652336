import { Inject, Injectable, Logger } from '@nestjs/common';
import nodemailer, { type Transporter } from 'nodemailer';
import type { EntityManager } from 'typeorm';
import { APP_CONFIG } from '../config/config.module.js';
import type { AppConfig } from '../config/app-config.js';

export interface MailMessage {
  to: string;
  subject: string;
  text: string;
  /** Extra headers, e.g. List-Unsubscribe (RFC 2369) and List-Unsubscribe-Post (RFC 8058). */
  headers?: Record<string, string>;
}

/**
 * Sends email once per (event, recipient): the delivery is recorded in PostgreSQL in the caller's
 * transaction, and a recorded delivery is never sent again. The only duplicate window is a crash
 * between the SMTP answer and the commit.
 */
@Injectable()
export class MailService {
  private readonly logger = new Logger(MailService.name);
  private transporter: Transporter | null = null;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  /** Returns false when this delivery was already made. */
  async sendOnce(manager: EntityManager, deliveryKey: string, message: MailMessage): Promise<boolean> {
    const inserted: Array<{ id: string }> = await manager.query(
      `INSERT INTO mail_delivery (delivery_key, recipient, subject) VALUES ($1, $2, $3)
       ON CONFLICT (delivery_key, recipient) DO NOTHING RETURNING id`,
      [deliveryKey, message.to.toLowerCase(), message.subject],
    );
    if (!inserted.length) return false;
    await this.send(message);
    return true;
  }

  private async send(message: MailMessage): Promise<void> {
    if (!this.config.smtpUrl) {
      // No SMTP configured (developer machine): the message goes to the log so links stay usable.
      this.logger.log(`email (no SMTP_URL) to ${message.to}: ${message.subject}\n${message.text}`);
      return;
    }
    this.transporter ??= nodemailer.createTransport(this.config.smtpUrl);
    await this.transporter.sendMail({ from: this.config.mailFrom, to: message.to, subject: message.subject, text: message.text, headers: message.headers });
  }
}

import { AsyncLocalStorage } from 'node:async_hooks';
import { Inject, Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import nodemailer, { type Transporter } from 'nodemailer';
import { DataSource, type EntityManager } from 'typeorm';
import { APP_CONFIG } from '../config/config.module.js';
import type { AppConfig } from '../config/app-config.js';

export interface MailMessage {
  to: string;
  subject: string;
  text: string;
  /** Extra headers, e.g. List-Unsubscribe (RFC 2369) and List-Unsubscribe-Post (RFC 8058). */
  headers?: Record<string, string>;
}

/** An email the SMTP server accepted, by its record's key. */
interface SentDelivery {
  deliveryKey: string;
  recipient: string;
  subject: string;
}

/** The emails sent during the current job attempt (see MailService.recordingSends). */
const sentInAttempt = new AsyncLocalStorage<SentDelivery[]>();

/** How long a failed attempt waits for the database to record the emails it sent before giving up. */
const RECORD_PATIENCE_MS = 120_000;

/**
 * Sends email once per (event, recipient): the delivery is recorded in PostgreSQL in the caller's
 * transaction, and a recorded delivery is never sent again. The only duplicate window is a crash
 * between the SMTP answer and the commit.
 */
@Injectable()
export class MailService implements OnApplicationShutdown {
  private readonly logger = new Logger(MailService.name);
  private transporter: Transporter | null = null;
  private closing = false;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly dataSource: DataSource,
  ) {}

  /**
   * Returns false when this delivery was already made. `carriesTransactionSecret`: the email holds a link
   * whose secret is stored by the caller's transaction (sign-in, confirmation, unsubscribe links); if that
   * transaction fails, the email is not recorded, so the retry sends one whose link works (a duplicate
   * rather than a dead link).
   */
  async sendOnce(manager: EntityManager, deliveryKey: string, message: MailMessage, options: { carriesTransactionSecret?: boolean } = {}): Promise<boolean> {
    const inserted: Array<{ id: string }> = await manager.query(
      `INSERT INTO mail_delivery (delivery_key, recipient, subject) VALUES ($1, $2, $3)
       ON CONFLICT (delivery_key, recipient) DO NOTHING RETURNING id`,
      [deliveryKey, message.to.toLowerCase(), message.subject],
    );
    if (!inserted.length) return false;
    await this.send(message);
    if (!options.carriesTransactionSecret) sentInAttempt.getStore()?.push({ deliveryKey, recipient: message.to.toLowerCase(), subject: message.subject });
    return true;
  }

  onApplicationShutdown(): void {
    // A failed attempt stops waiting for the database: the process is going away.
    this.closing = true;
  }

  /**
   * Runs one job attempt, remembering the emails it sends. If the attempt fails after the SMTP server
   * accepted an email (typically: the database died before the commit holding its record), the record
   * is written on its own, waiting for the database to come back, before the failure is reported; the
   * retry then finds it and sends nothing. What is left of the duplicate window is this process dying
   * between the SMTP answer and that record.
   */
  async recordingSends<T>(attempt: () => Promise<T>): Promise<T> {
    const sent: SentDelivery[] = [];
    try {
      return await sentInAttempt.run(sent, attempt);
    } catch (error) {
      if (sent.length) await this.recordSent(sent);
      throw error;
    }
  }

  private async recordSent(sent: SentDelivery[]): Promise<void> {
    const deadline = Date.now() + RECORD_PATIENCE_MS;
    let recorded = 0;
    for (const delivery of sent) {
      for (;;) {
        try {
          // Already there when the attempt failed after its transaction committed.
          await this.dataSource.query(
            `INSERT INTO mail_delivery (delivery_key, recipient, subject) VALUES ($1, $2, $3) ON CONFLICT (delivery_key, recipient) DO NOTHING`,
            [delivery.deliveryKey, delivery.recipient, delivery.subject],
          );
          recorded += 1;
          break;
        } catch (error) {
          if (Date.now() > deadline || this.closing || !this.dataSource.isInitialized) {
            this.logger.error(`email ${delivery.deliveryKey} to ${delivery.recipient} was sent but cannot be recorded (${(error as Error).message}): a retry may send it again`);
            break;
          }
          await new Promise((resolve) => setTimeout(resolve, 500));
        }
      }
    }
    this.logger.warn(`a failed attempt had sent ${sent.length} email(s): ${recorded} recorded after the failure, so that its retry does not send them again`);
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

import { Inject, Injectable, Logger } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { NeedStatus } from '@pit/domain';
import { APP_CONFIG, MailService, OutboxService, badUserInput, rowsOf, type AppConfig } from '@pit/core';
import { randomToken, tokenHash } from '@pit/accounts';
import { UNSUBSCRIBE_PATH, digestEmail, immediateEmail, type NotificationItem } from './notification-emails.js';

export const NOTIFICATION_MODES = ['immediate', 'digest', 'off'] as const;
export type NotificationMode = (typeof NOTIFICATION_MODES)[number];
export const DEFAULT_NOTIFICATION_MODE: NotificationMode = 'digest';

/** Statuses nobody is told about: the first ones (nobody takes part yet) and moderation's (issue 5 tells the author). */
export const SILENT_STATUSES: readonly string[] = [NeedStatus.PendingConfirmation, NeedStatus.Received, NeedStatus.Hidden];

/** An event to fan out; official answers (issue 5) use kind official_answer with the answer's id. */
export interface NotificationEvent {
  kind: 'status_change' | 'official_answer' | 'routing';
  needId: string;
  /** The row the event is about: need_status_change.id for status_change, need_routing.id for routing. */
  subjectId: string;
}

export const INVALID_UNSUBSCRIBE_LINK = "Ce lien de désinscription n'est pas valable : copiez-le en entier depuis le courriel, ou réglez vos notifications depuis votre compte.";

/** Today's date in Europe/Paris (YYYY-MM-DD): the digest day. */
export function parisDay(at = new Date()): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Paris', year: 'numeric', month: '2-digit', day: '2-digit' }).format(at);
}

// What an email needs to know of a notification (status_change today; official_answer joins its answer in issue 5).
const ITEM_COLUMNS = `n.id, n.kind, n.person_id AS "personId", p.email, d.title AS "needTitle", d.reference AS "needReference",
       sc.status, COALESCE(sc.note, nr.note) AS note, nr.kind AS "routingKind", ra.name AS "routingAuthority", n.created_at AS at`;
const ITEM_JOINS = `JOIN person p ON p.id = n.person_id
  JOIN need d ON d.id = n.need_id
  LEFT JOIN need_status_change sc ON n.kind = 'status_change' AND sc.id = n.subject_id
  LEFT JOIN need_routing nr ON n.kind = 'routing' AND nr.id = n.subject_id
  LEFT JOIN authority ra ON ra.id = nr.authority_id
  LEFT JOIN notification_preference pref ON pref.person_id = n.person_id`;

type ItemRow = NotificationItem & { id: string; personId: string; email: string | null };

@Injectable()
export class NotificationsService {
  private readonly logger = new Logger(NotificationsService.name);

  constructor(
    private readonly dataSource: DataSource,
    private readonly outbox: OutboxService,
    private readonly mail: MailService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async mode(personId: string): Promise<{ mode: NotificationMode; canReceive: boolean }> {
    const [row] = await this.dataSource.query(
      `SELECT COALESCE(pref.mode, $2) AS mode, (p.email IS NOT NULL AND p.email_verified_at IS NOT NULL) AS "canReceive"
         FROM person p LEFT JOIN notification_preference pref ON pref.person_id = p.id WHERE p.id = $1`,
      [personId, DEFAULT_NOTIFICATION_MODE],
    );
    return { mode: row?.mode ?? DEFAULT_NOTIFICATION_MODE, canReceive: row?.canReceive === true };
  }

  /** Side effect: the person's notification_preference row. */
  async setMode(personId: string, mode: NotificationMode, manager: EntityManager = this.dataSource.manager): Promise<void> {
    if (!NOTIFICATION_MODES.includes(mode)) throw badUserInput([{ field: 'mode', message: 'Choisissez une des options proposées.' }]);
    await manager.query(
      `INSERT INTO notification_preference (person_id, mode) VALUES ($1, $2)
       ON CONFLICT (person_id) DO UPDATE SET mode = EXCLUDED.mode, updated_at = now()`,
      [personId, mode],
    );
  }

  /** From the link of an email (posted from the page, never on GET): that person's notifications are off. */
  async unsubscribe(secret: string): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      const [row] = rowsOf<{ personId: string }>(
        await manager.query(
          `UPDATE notification_unsubscribe_token SET used_at = COALESCE(used_at, now()) WHERE token_hash = $1 RETURNING person_id AS "personId"`,
          [tokenHash(secret.trim())],
        ),
      );
      if (!row) throw badUserInput([{ field: 'token', message: INVALID_UNSUBSCRIBE_LINK }]);
      await this.setMode(row.personId, 'off', manager);
    });
  }

  /**
   * Creates one notification per recipient of an event, each person once (unique (event_key,
   * person_id)): the need's author, its supporters, the representatives of organisations backing it
   * and its followers, with a verified email, an active account and notifications not off.
   * Immediate ones get their send job in the same transaction. Running it twice (even at the same
   * time) creates nothing more. Returns the number of notifications created.
   */
  async fanOut(manager: EntityManager, event: NotificationEvent): Promise<number> {
    const created: Array<{ id: string; delivery: string }> = await manager.query(
      `WITH recipients AS (
         SELECT author_id AS person_id FROM need WHERE id = $1 AND author_id IS NOT NULL
         UNION SELECT person_id FROM need_support WHERE need_id = $1
         UNION SELECT m.person_id FROM need_backing b
                 JOIN organisation_member m ON m.organisation_id = b.organisation_id AND m.role = 'representative'
                WHERE b.need_id = $1
         UNION SELECT person_id FROM need_follow WHERE need_id = $1
       )
       INSERT INTO notification (event_key, kind, need_id, subject_id, person_id, delivery)
       SELECT $2, $3, $1, $4, p.id, COALESCE(pref.mode, $5)
         FROM recipients r
         JOIN person p ON p.id = r.person_id
         LEFT JOIN notification_preference pref ON pref.person_id = p.id
        WHERE p.email IS NOT NULL AND p.email_verified_at IS NOT NULL AND p.deactivated_at IS NULL
          AND COALESCE(pref.mode, $5) <> 'off'
       ON CONFLICT (event_key, person_id) DO NOTHING
       RETURNING id, delivery`,
      [event.needId, `${event.kind}:${event.subjectId}`, event.kind, event.subjectId, DEFAULT_NOTIFICATION_MODE],
    );
    const immediate = created.filter((row) => row.delivery === 'immediate');
    if (immediate.length) {
      await this.outbox.enqueue(
        manager,
        immediate.map((row) => ({ name: 'send-notification-email' as const, payload: { notificationId: String(row.id) }, dedupKey: `send-notification-email:${row.id}` })),
      );
    }
    return created.length;
  }

  /** A status change: fanned out unless silent (see SILENT_STATUSES) or unknown. */
  async notifyStatusChange(needId: string, statusChangeId: string): Promise<number> {
    return this.dataSource.transaction(async (manager) => {
      const [change] = await manager.query(`SELECT status FROM need_status_change WHERE id = $1 AND need_id = $2`, [statusChangeId, needId]);
      if (!change || SILENT_STATUSES.includes(change.status)) return 0;
      return this.fanOut(manager, { kind: 'status_change', needId, subjectId: statusChangeId });
    });
  }

  /** A requalification, transfer or co-assignment of a need (a need_routing row other than the first): fanned out. */
  async notifyRouting(needId: string, routingId: string): Promise<number> {
    return this.dataSource.transaction(async (manager) => {
      const [routing] = await manager.query(`SELECT kind FROM need_routing WHERE id = $1 AND need_id = $2`, [routingId, needId]);
      if (!routing || routing.kind === 'initial') return 0;
      return this.fanOut(manager, { kind: 'routing', needId, subjectId: routingId });
    });
  }

  /** Emails one immediate notification once (mail_delivery notification:<id>). Side effects: email, sent_at. */
  async sendImmediate(notificationId: string): Promise<boolean> {
    return this.dataSource.transaction(async (manager) => {
      const [item]: ItemRow[] = await manager.query(
        `SELECT ${ITEM_COLUMNS} FROM notification n ${ITEM_JOINS}
          WHERE n.id = $1 AND n.delivery = 'immediate' AND n.sent_at IS NULL AND COALESCE(pref.mode, $2) <> 'off'
          FOR UPDATE OF n`,
        [notificationId, DEFAULT_NOTIFICATION_MODE],
      );
      if (!item?.email) return false;
      const unsubscribeUrl = await this.unsubscribeUrl(manager, item.personId);
      // Its unsubscribe link's secret is stored by this transaction (see MailService.sendOnce).
      await this.mail.sendOnce(manager, `notification:${item.id}`, immediateEmail(item.email, { ...item, at: new Date(item.at) }, this.config.publicUrl, unsubscribeUrl), {
        carriesTransactionSecret: true,
      });
      await manager.query(`UPDATE notification SET sent_at = now() WHERE id = $1`, [item.id]);
      return true;
    });
  }

  /**
   * The daily digest: one email per person with pending digest items, at most one per person and
   * day (notification_digest_run); items are marked sent. Running it again the same day sends
   * nothing; items arriving after a person's digest wait for the next day. Returns emails sent.
   */
  async sendDailyDigest(day = parisDay()): Promise<number> {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(day)) throw new Error(`digest day must be YYYY-MM-DD, not ${day}`);
    const people: Array<{ personId: string }> = await this.dataSource.query(
      `SELECT DISTINCT n.person_id AS "personId" FROM notification n
         LEFT JOIN notification_preference pref ON pref.person_id = n.person_id
        WHERE n.delivery = 'digest' AND n.sent_at IS NULL AND COALESCE(pref.mode, $1) <> 'off'`,
      [DEFAULT_NOTIFICATION_MODE],
    );
    let sent = 0;
    let failures = 0;
    for (const { personId } of people) {
      try {
        if (await this.sendDigestTo(personId, day)) sent += 1;
      } catch (error) {
        // One failing address must not stop everybody else's digest; the job fails at the end and its retry sends the rest.
        failures += 1;
        this.logger.error(`digest for ${personId} failed: ${(error as Error).message}`);
      }
    }
    if (failures) throw new Error(`${failures} digest(s) of ${day} failed (${sent} sent); the retry sends the missing ones only`);
    return sent;
  }

  private async sendDigestTo(personId: string, day: string): Promise<boolean> {
    return this.dataSource.transaction(async (manager) => {
      const items: ItemRow[] = await manager.query(
        `SELECT ${ITEM_COLUMNS} FROM notification n ${ITEM_JOINS}
          WHERE n.person_id = $1 AND n.delivery = 'digest' AND n.sent_at IS NULL AND COALESCE(pref.mode, $2) <> 'off'
          ORDER BY n.created_at, n.id
          FOR UPDATE OF n`,
        [personId, DEFAULT_NOTIFICATION_MODE],
      );
      if (!items.length || !items[0]!.email) return false;
      const run = await manager.query(
        `INSERT INTO notification_digest_run (person_id, day, item_count) VALUES ($1, $2, $3)
         ON CONFLICT (person_id, day) DO NOTHING RETURNING person_id`,
        [personId, day, items.length],
      );
      if (!run.length) return false;
      const unsubscribeUrl = await this.unsubscribeUrl(manager, personId);
      const message = digestEmail(items[0]!.email, items.map((item) => ({ ...item, at: new Date(item.at) })), this.config.publicUrl, unsubscribeUrl);
      await this.mail.sendOnce(manager, `digest:${day}:${personId}`, message, { carriesTransactionSecret: true });
      await manager.query(`UPDATE notification SET sent_at = now() WHERE id = ANY($1::bigint[])`, [items.map((item) => item.id)]);
      return true;
    });
  }

  /** A fresh unsubscribe link for one email (only the secret's hash is kept). */
  private async unsubscribeUrl(manager: EntityManager, personId: string): Promise<string> {
    const secret = randomToken();
    await manager.query(`INSERT INTO notification_unsubscribe_token (token_hash, person_id) VALUES ($1, $2)`, [tokenHash(secret), personId]);
    return `${this.config.publicUrl}${UNSUBSCRIBE_PATH}?jeton=${secret}`;
  }
}

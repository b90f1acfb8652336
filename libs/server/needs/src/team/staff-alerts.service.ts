import { Inject, Injectable, Logger } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { NeedStatus } from '@pit/domain';
import { APP_CONFIG, MailService, badUserInput, type AppConfig } from '@pit/core';
import { staffAlertEmail, staffDigestEmail, type StaffAlertItem } from './staff-alert-emails.js';

export const STAFF_ALERT_MODES = ['immediate', 'daily', 'off'] as const;
export type StaffAlertMode = (typeof STAFF_ALERT_MODES)[number];
export const DEFAULT_STAFF_ALERT_MODE: StaffAlertMode = 'daily';

/** A need nobody on staff hears of: awaiting its author's confirmation, or hidden (pre-moderation, moderation). */
const QUIET_STATUSES: readonly string[] = [NeedStatus.PendingConfirmation, NeedStatus.Hidden];

/** The day of a digest, Europe/Paris (YYYY-MM-DD). */
export function staffDigestDay(at = new Date()): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Paris', year: 'numeric', month: '2-digit', day: '2-digit' }).format(at);
}

const ITEM_SQL = `SELECT al.id, al.person_id AS "personId", p.email, d.title AS "needTitle", d.reference AS "needReference",
       c.name AS "communeName", au.name AS "authorityName", nr.kind, nr.note
  FROM staff_need_alert al
  JOIN person p ON p.id = al.person_id
  JOIN need d ON d.id = al.need_id
  JOIN commune c ON c.code = d.commune_code
  JOIN authority au ON au.id = al.authority_id
  JOIN need_routing nr ON nr.id = al.routing_id
  LEFT JOIN staff_alert_preference pref ON pref.person_id = al.person_id`;

type ItemRow = StaffAlertItem & { id: string; personId: string; email: string | null };

/**
 * Agents are told of needs arriving at their authority (issue 5 item 10), each agent once per need:
 * by email at once, in the daily staff digest, or not at all (staff_alert_preference).
 */
@Injectable()
export class StaffAlertsService {
  private readonly logger = new Logger(StaffAlertsService.name);

  constructor(
    private readonly dataSource: DataSource,
    private readonly mail: MailService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async mode(personId: string): Promise<StaffAlertMode> {
    const [row] = await this.dataSource.query(`SELECT mode FROM staff_alert_preference WHERE person_id = $1`, [personId]);
    return (row?.mode as StaffAlertMode) ?? DEFAULT_STAFF_ALERT_MODE;
  }

  /** Side effect: the agent's staff_alert_preference row. */
  async setMode(personId: string, mode: StaffAlertMode): Promise<void> {
    if (!STAFF_ALERT_MODES.includes(mode)) throw badUserInput([{ field: 'mode', message: 'Choisissez une des options proposées.' }]);
    await this.dataSource.query(
      `INSERT INTO staff_alert_preference (person_id, mode) VALUES ($1, $2)
       ON CONFLICT (person_id) DO UPDATE SET mode = EXCLUDED.mode, updated_at = now()`,
      [personId, mode],
    );
  }

  /**
   * A need_routing row brought a need to an authority: one staff_need_alert per agent of it (active,
   * verified email, alerts not off) who was never told of this need, then the immediate ones are
   * emailed (mail_delivery staff-new-need:<need> per agent). Running it twice sends nothing more.
   * Returns the number of emails sent.
   */
  async alertNewNeed(needId: string, routingId: string): Promise<number> {
    const immediate = await this.dataSource.transaction(async (manager) => {
      const [routing] = await manager.query(
        `SELECT nr.authority_id AS "authorityId", d.status,
                (d.authority_id = nr.authority_id OR EXISTS (SELECT 1 FROM need_co_assignment ca WHERE ca.need_id = d.id AND ca.authority_id = nr.authority_id)) AS concerned
           FROM need_routing nr JOIN need d ON d.id = nr.need_id
          WHERE nr.id = $1 AND nr.need_id = $2`,
        [routingId, needId],
      );
      // Gone, moved on since, or not to be seen yet: nobody to tell.
      if (!routing || !routing.concerned || QUIET_STATUSES.includes(routing.status)) return [];
      await manager.query(
        `INSERT INTO staff_need_alert (need_id, person_id, routing_id, authority_id, delivery)
         SELECT $1, p.id, $2, $3, COALESCE(pref.mode, $4)
           FROM role_assignment ra
           JOIN person p ON p.id = ra.person_id
           LEFT JOIN staff_alert_preference pref ON pref.person_id = p.id
          WHERE ra.role = 'agent' AND ra.authority_id = $3
            AND p.deactivated_at IS NULL AND p.email IS NOT NULL AND p.email_verified_at IS NOT NULL
            AND COALESCE(pref.mode, $4) <> 'off'
         ON CONFLICT (need_id, person_id) DO NOTHING`,
        [needId, routingId, routing.authorityId, DEFAULT_STAFF_ALERT_MODE],
      );
      const pending: Array<{ id: string }> = await manager.query(
        `SELECT id FROM staff_need_alert WHERE routing_id = $1 AND delivery = 'immediate' AND sent_at IS NULL ORDER BY id`,
        [routingId],
      );
      return pending.map((row) => row.id);
    });
    let sent = 0;
    for (const alertId of immediate) if (await this.sendImmediate(alertId)) sent += 1;
    return sent;
  }

  /** One immediate alert, once: locked, emailed through mail_delivery, marked sent. */
  private async sendImmediate(alertId: string): Promise<boolean> {
    return this.dataSource.transaction(async (manager) => {
      const [item]: ItemRow[] = await manager.query(
        `${ITEM_SQL} WHERE al.id = $1 AND al.sent_at IS NULL AND COALESCE(pref.mode, $2) <> 'off' FOR UPDATE OF al`,
        [alertId, DEFAULT_STAFF_ALERT_MODE],
      );
      if (!item?.email) return false;
      const [need] = await manager.query(`SELECT need_id AS "needId" FROM staff_need_alert WHERE id = $1`, [alertId]);
      // Marked first: the email goes last, so that only the commit separates the SMTP answer from its record.
      await manager.query(`UPDATE staff_need_alert SET sent_at = now() WHERE id = $1`, [alertId]);
      return this.mail.sendOnce(manager, `staff-new-need:${need.needId}`, staffAlertEmail(item.email, item, this.config.publicUrl));
    });
  }

  /**
   * The daily staff digest: one email per agent with pending daily alerts, at most one per agent
   * and day (mail_delivery staff-digest:<day>); alerts arriving after an agent's digest wait for
   * the next day. Running it again the same day sends nothing. Returns the emails sent.
   */
  async sendDigest(day = staffDigestDay()): Promise<number> {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(day)) throw new Error(`staff digest day must be YYYY-MM-DD, not ${day}`);
    const people: Array<{ personId: string }> = await this.dataSource.query(
      `SELECT DISTINCT al.person_id AS "personId" FROM staff_need_alert al
         LEFT JOIN staff_alert_preference pref ON pref.person_id = al.person_id
        WHERE al.delivery = 'daily' AND al.sent_at IS NULL AND COALESCE(pref.mode, $1) <> 'off'`,
      [DEFAULT_STAFF_ALERT_MODE],
    );
    let sent = 0;
    let failures = 0;
    for (const { personId } of people) {
      try {
        if (await this.sendDigestTo(personId, day)) sent += 1;
      } catch (error) {
        // One failing address must not stop the others; the retry sends the missing ones only.
        failures += 1;
        this.logger.error(`staff digest for ${personId} failed: ${(error as Error).message}`);
      }
    }
    if (failures) throw new Error(`${failures} staff digest(s) of ${day} failed (${sent} sent)`);
    return sent;
  }

  private async sendDigestTo(personId: string, day: string): Promise<boolean> {
    return this.dataSource.transaction(async (manager: EntityManager) => {
      const items: ItemRow[] = await manager.query(
        `${ITEM_SQL} WHERE al.person_id = $1 AND al.delivery = 'daily' AND al.sent_at IS NULL AND COALESCE(pref.mode, $2) <> 'off'
          ORDER BY al.created_at, al.id FOR UPDATE OF al`,
        [personId, DEFAULT_STAFF_ALERT_MODE],
      );
      if (!items.length || !items[0]!.email) return false;
      if (!(await this.mail.sendOnce(manager, `staff-digest:${day}`, staffDigestEmail(items[0]!.email, items, this.config.publicUrl)))) return false;
      await manager.query(`UPDATE staff_need_alert SET sent_at = now() WHERE id = ANY($1::bigint[])`, [items.map((item) => item.id)]);
      return true;
    });
  }
}

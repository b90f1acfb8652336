import { Inject, Injectable, Logger } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { APP_CONFIG, AuditService, MailService, badUserInput, rowsOf, type AppConfig } from '@pit/core';
import { verifyPassword, type Actor } from '@pit/accounts';
import { NeedPhotosService } from '@pit/needs';
import { ParticipationService } from '@pit/participation';
import { PRIVACY_RETENTION } from '@pit/domain';
import { DataExportService } from './data-export.service.js';
import { inactivityWarningEmail } from './privacy-emails.js';

/** The name shown instead of an erased account's pseudonym (needs and comments stay public under it). */
export const ERASED_PSEUDONYM = 'Compte supprimé';
/** What a person without a password (FranceConnect, ProConnect) types to confirm. */
export const ERASE_CONFIRMATION_PHRASE = 'supprimer mon compte';
/** Retention periods, also stated on /confidentialite (apps/web) from @pit/domain. */
const RETENTION = { inactiveYears: PRIVACY_RETENTION.inactiveAccountYears, sessionLogYears: PRIVACY_RETENTION.sessionLogYears } as const;

export type ErasureReason = 'self' | 'inactive';

export interface RetentionReport {
  exportsDeleted: number;
  sessionsDeleted: number;
  warned: { 30: number; 7: number };
  erased: number;
}

/**
 * Erases an account: personal data goes, public content stays under "Compte supprimé". The person row
 * is kept (needs, comments, audit entries point at it) with nothing personal left. Per table:
 * - erased: email, names, password, pseudonym (→ "Compte supprimé"), sessions, external identities,
 *   email links, drafts and their photos (files too), follows, notifications and their settings, staff alerts and settings, support
 *   carry-over questions, feedback requests, organisation memberships, staff roles, data exports (and
 *   files), inactivity warnings, the emails sent to the address (mail_delivery), an anonymous need's
 *   author email, the backing's representative link, the assignment of needs;
 * - supports: withdrawn through ParticipationService.removeSupportIn (the tallies stay exact; a
 *   threshold already reached stays reached, as when one withdraws a support);
 * - kept without the person: needs and comments (public, authored by "Compte supprimé"), reports made,
 *   "service useful?" answers, paper supports recorded as a mediator, staff work (notes, merges,
 *   mandates, audit entries), which are the authority's records.
 */
@Injectable()
export class AccountErasureService {
  private readonly logger = new Logger(AccountErasureService.name);

  constructor(
    private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly participation: ParticipationService,
    private readonly exports: DataExportService,
    private readonly photos: NeedPhotosService,
    private readonly mail: MailService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /**
   * "Supprimer mon compte": with the password, or the phrase for an account without one.
   * Side effects: see the class; an audit entry `account.erase`; all in one transaction.
   */
  async deleteMyAccount(actor: Actor, password: string | null, confirmation: string | null): Promise<void> {
    const [person] = await this.dataSource.query(`SELECT password_hash AS "passwordHash" FROM person WHERE id = $1`, [actor.personId]);
    if (person?.passwordHash) {
      if (!password) throw badUserInput([{ field: 'password', message: 'Saisissez votre mot de passe pour confirmer.' }]);
      if (!(await verifyPassword(person.passwordHash, password))) throw badUserInput([{ field: 'password', message: 'Le mot de passe est incorrect.' }]);
    } else if ((confirmation ?? '').normalize('NFC').trim().toLowerCase() !== ERASE_CONFIRMATION_PHRASE) {
      throw badUserInput([{ field: 'confirmation', message: `Écrivez « ${ERASE_CONFIRMATION_PHRASE} » pour confirmer.` }]);
    }
    await this.erase(actor.personId, 'self', actor.personId);
  }

  /** Erases one account in one transaction (a second call finds it erased and does nothing). Returns false when already erased. */
  async erase(personId: string, reason: ErasureReason, actorId: string | null, now = new Date()): Promise<boolean> {
    const files: string[] = [];
    const photos: string[] = [];
    const erased = await this.dataSource.transaction(async (manager) => {
      const [person] = await manager.query(`SELECT id, email, erased_at AS "erasedAt" FROM person WHERE id = $1 FOR UPDATE`, [personId]);
      if (!person || person.erasedAt) return false;
      // Photos of drafts and photos uploaded but never attached: their rows go with the drafts (or here), their files after COMMIT.
      const unpublished = rowsOf<{ storage_key: string }>(
        await manager.query(
          `DELETE FROM need_photo WHERE need_id IS NULL AND (uploaded_by = $1 OR draft_id IN (SELECT id FROM need_draft WHERE person_id = $1)) RETURNING storage_key`,
          [personId],
        ),
      );
      photos.push(...unpublished.map((row) => row.storage_key));
      files.push(...(await this.eraseIn(manager, personId, person.email)));
      await manager.query(
        `UPDATE person SET pseudonym = $2, pseudonym_key = 'compte-supprime:' || id, email = NULL, email_verified_at = NULL, password_hash = NULL,
                given_name = NULL, family_name = NULL, deactivated_at = COALESCE(deactivated_at, $3), erased_at = $3 WHERE id = $1`,
        [personId, ERASED_PSEUDONYM, now],
      );
      await this.audit.record(manager, {
        actorId,
        action: 'account.erase',
        subjectType: 'person',
        subjectId: personId,
        before: null,
        after: { reason },
        authorityId: null,
      });
      return true;
    });
    // After COMMIT: the rows are gone; a crash here leaves orphan files, never rows pointing at nothing.
    await this.exports.deleteFiles(files);
    await this.photos.deleteFiles(photos);
    return erased;
  }

  /** Everything but the person row, inside the caller's transaction. Returns the data export files to delete. */
  private async eraseIn(manager: EntityManager, personId: string, email: string | null): Promise<string[]> {
    const supports: Array<{ needId: string }> = await manager.query(`SELECT need_id AS "needId" FROM need_support WHERE person_id = $1 ORDER BY need_id`, [personId]);
    for (const { needId } of supports) await this.participation.removeSupportIn(manager, needId, personId);
    const files = rowsOf<{ file_key: string }>(await manager.query(`DELETE FROM data_export WHERE person_id = $1 RETURNING file_key`, [personId]))
      .map((r) => r.file_key)
      .filter(Boolean);
    for (const table of [
      'session',
      'external_identity',
      'email_token',
      'need_draft',
      'need_follow',
      'notification',
      'notification_preference',
      'notification_digest_run',
      'notification_unsubscribe_token',
      'support_carry_over',
      'service_feedback_request',
      'staff_alert_preference',
      'staff_need_alert',
      'organisation_member',
      'role_assignment',
      'inactivity_warning',
    ]) {
      await manager.query(`DELETE FROM "${table}" WHERE person_id = $1`, [personId]);
    }
    await manager.query(`UPDATE need SET author_email = NULL WHERE author_id = $1`, [personId]);
    await manager.query(`UPDATE need SET assignee_id = NULL WHERE assignee_id = $1`, [personId]);
    await manager.query(`UPDATE need_backing SET backed_by = NULL WHERE backed_by = $1`, [personId]);
    if (email) await manager.query(`DELETE FROM mail_delivery WHERE recipient = $1`, [email]);
    return files;
  }

  /**
   * The daily retention job, by the clock `now` (tests set it): deletes expired data exports, session
   * logs older than 1 year, warns accounts inactive for 2 years less 30 days, then less 7 days (once per
   * account, stage and period of inactivity; the 7-day warning only 23 days after the 30-day one), and
   * erases the accounts inactive 2 years whose 30-day warning is 30 days old and 7-day warning 7 days
   * old. Idempotent: a second run the same day finds nothing to do.
   */
  async runRetention(now = new Date()): Promise<RetentionReport> {
    const exportsDeleted = await this.exports.sweep(now);
    const sessionsDeleted = rowsOf(
      await this.dataSource.query(`DELETE FROM session WHERE COALESCE(revoked_at, expires_at) < $1::timestamptz - interval '${RETENTION.sessionLogYears} year' RETURNING id`, [now]),
    ).length;
    const warned = { 30: await this.warn(30, now), 7: await this.warn(7, now) };
    const due: Array<{ id: string }> = await this.dataSource.query(
      `SELECT p.id FROM person p
        WHERE p.erased_at IS NULL AND p.last_active_at <= $1::timestamptz - interval '${RETENTION.inactiveYears} years'
          AND EXISTS (SELECT 1 FROM inactivity_warning w WHERE w.person_id = p.id AND w.last_active_at = p.last_active_at AND w.stage = 30 AND w.sent_at <= $1::timestamptz - interval '30 days')
          AND EXISTS (SELECT 1 FROM inactivity_warning w WHERE w.person_id = p.id AND w.last_active_at = p.last_active_at AND w.stage = 7 AND w.sent_at <= $1::timestamptz - interval '7 days')
        ORDER BY p.last_active_at LIMIT 1000`,
      [now],
    );
    let erased = 0;
    for (const { id } of due) if (await this.erase(id, 'inactive', null, now)) erased += 1;
    if (erased || warned[30] || warned[7]) this.logger.log(`retention: ${warned[30]} + ${warned[7]} warnings, ${erased} inactive accounts erased`);
    return { exportsDeleted, sessionsDeleted, warned, erased };
  }

  /** Sends the `days`-before warning to each account that needs it now. Returns how many were warned. */
  private async warn(days: 30 | 7, now: Date): Promise<number> {
    const previous = days === 7 ? `AND EXISTS (SELECT 1 FROM inactivity_warning w WHERE w.person_id = p.id AND w.last_active_at = p.last_active_at AND w.stage = 30 AND w.sent_at <= $1::timestamptz - interval '23 days')` : '';
    const due: Array<{ id: string }> = await this.dataSource.query(
      `SELECT p.id FROM person p
        WHERE p.erased_at IS NULL AND p.last_active_at <= $1::timestamptz - interval '${RETENTION.inactiveYears} years' + interval '${days} days'
          AND NOT EXISTS (SELECT 1 FROM inactivity_warning w WHERE w.person_id = p.id AND w.last_active_at = p.last_active_at AND w.stage = $2) ${previous}
        ORDER BY p.last_active_at LIMIT 1000`,
      [now, days],
    );
    let count = 0;
    for (const { id } of due) {
      await this.dataSource.transaction(async (manager) => {
        const [person] = await manager.query(`SELECT email, pseudonym, last_active_at AS "lastActiveAt" FROM person WHERE id = $1 AND erased_at IS NULL FOR UPDATE`, [id]);
        if (!person) return;
        const inserted = rowsOf(
          await manager.query(`INSERT INTO inactivity_warning (person_id, stage, last_active_at, sent_at) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING RETURNING person_id`, [
            id,
            days,
            person.lastActiveAt,
            now,
          ]),
        );
        if (!inserted.length) return;
        count += 1;
        if (person.email) {
          const deleteOn = new Date(now.getTime() + days * 86_400_000);
          await this.mail.sendOnce(
            manager,
            `inactivity-warning:${days}:${id}:${(person.lastActiveAt as Date).toISOString()}`,
            inactivityWarningEmail(this.config.publicUrl, person.email, person.pseudonym, days, deleteOn),
          );
        }
      });
    }
    return count;
  }
}

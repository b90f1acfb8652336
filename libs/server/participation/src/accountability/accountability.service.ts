import { Inject, Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { NeedStatus, normalizeReference } from '@pit/domain';
import { APP_CONFIG, MailService, OutboxService, badUserInput, type AppConfig } from '@pit/core';
import type { Actor } from '@pit/accounts';
import { OPEN_FOR_CLOCK, cleanText, notHeldSql, overdueSql } from '@pit/needs';
import { overdueReminderEmail, serviceFeedbackEmail, weeklyDigestEmail, type NeedLine, type WeeklyDigest } from './accountability-emails.js';

export const SERVICE_FEEDBACK_ANSWERS = ['yes', 'partly', 'no'] as const;
export type ServiceFeedbackAnswer = (typeof SERVICE_FEEDBACK_ANSWERS)[number];
export const SERVICE_FEEDBACK_COMMENT_MAX = 1000;
/** A "clear no": at least this many answers, and more than half of them no. */
export const SERVICE_FEEDBACK_FLAG_MIN_ANSWERS = 3;
/** Needs named per section of the weekly digest (the counts are complete). */
const DIGEST_LINES = 20;

export interface ServiceFeedbackCounts {
  yes: number;
  partly: number;
  no: number;
  total: number;
  /** A réalisé need most of whose answers are "no": staff are told and may reopen it. */
  mostlyNo: boolean;
}

export interface ViewerServiceFeedback {
  /** The viewer is the need's author or one of its supporters. */
  eligible: boolean;
  /** The need is réalisé: answers are open. */
  open: boolean;
  answer: ServiceFeedbackAnswer | null;
  comment: string | null;
}

export interface AuthorityFigures {
  authorityId: string;
  kind: string;
  code: string;
  name: string;
  website: string | null;
  firstAnswerDays: number;
  publicNeedCount: number;
  answeredCount: number;
  medianDaysToFirstAnswer: number | null;
  overdueCount: number;
  byStatus: Array<{ status: string; count: number }>;
  serviceFeedback: ServiceFeedbackCounts;
}

export const emptyFeedback = (): ServiceFeedbackCounts => ({ yes: 0, partly: 0, no: 0, total: 0, mostlyNo: false });

/** ISO 8601 week of a calendar day (YYYY-MM-DD), e.g. 2026-W48. */
export function isoWeek(day: string): string {
  const date = new Date(`${day}T00:00:00Z`);
  const thursday = new Date(date);
  thursday.setUTCDate(date.getUTCDate() - ((date.getUTCDay() + 6) % 7) + 3);
  const year = thursday.getUTCFullYear();
  const week = Math.floor((thursday.getTime() - Date.UTC(year, 0, 1)) / 86_400_000 / 7) + 1;
  return `${year}-W${String(week).padStart(2, '0')}`;
}

/** The current ISO week in Europe/Paris. */
export function parisWeek(at = new Date()): string {
  return isoWeek(new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Paris', year: 'numeric', month: '2-digit', day: '2-digit' }).format(at));
}

const counts = (row: { yes: string | number; partly: string | number; no: string | number }): ServiceFeedbackCounts => {
  const yes = Number(row.yes);
  const partly = Number(row.partly);
  const no = Number(row.no);
  const total = yes + partly + no;
  return { yes, partly, no, total, mostlyNo: total >= SERVICE_FEEDBACK_FLAG_MIN_ANSWERS && no * 2 > total };
};

// A need's first-answer clock starts when it reaches its current authority (its first routing there).
const ARRIVAL = `(SELECT min(r.created_at) FROM need_routing r WHERE r.need_id = n.id AND r.authority_id = n.authority_id)`;
// Threshold needs still awaiting their official answer (see clock.ts).
const AWAITING_OFFICIAL_ANSWER = `n.status IN ${OPEN_FOR_CLOCK} AND EXISTS (SELECT 1 FROM need_engagement e WHERE e.need_id = n.id
  AND NOT EXISTS (SELECT 1 FROM need_status_change c WHERE c.need_id = n.id AND c.created_at >= e.threshold_reached_at AND c.note IS NOT NULL))`;
const MOSTLY_NO = `n.status = 'done' AND (SELECT count(*) FILTER (WHERE f.answer = 'no') * 2 > count(*) AND count(*) >= ${SERVICE_FEEDBACK_FLAG_MIN_ANSWERS}
  FROM service_feedback f WHERE f.need_id = n.id)`;

/**
 * The accountability clock's jobs (overdue reminders, the authorities' weekly digest), the public
 * figures per authority and the "useful, usable, used" survey of réalisé needs.
 */
@Injectable()
export class AccountabilityService {
  private readonly logger = new Logger(AccountabilityService.name);

  constructor(
    private readonly dataSource: DataSource,
    private readonly outbox: OutboxService,
    private readonly mail: MailService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /**
   * Enqueues one send-overdue-reminder per overdue need and recipient: its assignee, or every agent
   * of its authority when it has none. The dedup key (need, person, due date) makes a need becoming
   * overdue raise one reminder per recipient however often the scan runs; a new due date (a
   * transfer, a threshold reached) raises a new one. Returns the (need, recipient) pairs found.
   */
  async remindOverdueNeeds(): Promise<number> {
    return this.dataSource.transaction(async (manager) => {
      const rows: Array<{ needId: string; personId: string; dueAt: string }> = await manager.query(
        `WITH overdue AS (
           SELECT n.id, n.authority_id, n.assignee_id,
                  CASE WHEN n.first_answer_at IS NULL AND n.answer_due_at < now() THEN n.answer_due_at
                       ELSE (SELECT e.answer_due_at FROM need_engagement e WHERE e.need_id = n.id) END AS due_at
             FROM need n WHERE ${overdueSql('n')}
         )
         SELECT o.id AS "needId", r.person_id AS "personId", to_char(o.due_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS "dueAt"
           FROM overdue o
           CROSS JOIN LATERAL (
             SELECT o.assignee_id AS person_id WHERE o.assignee_id IS NOT NULL
             UNION
             SELECT a.person_id FROM role_assignment a WHERE o.assignee_id IS NULL AND a.role = 'agent' AND a.authority_id = o.authority_id
           ) r
           JOIN person p ON p.id = r.person_id AND p.deactivated_at IS NULL AND p.email IS NOT NULL
          ORDER BY o.id, r.person_id`,
      );
      if (!rows.length) return 0;
      await this.outbox.enqueue(
        manager,
        rows.map((row) => ({
          name: 'send-overdue-reminder' as const,
          payload: row,
          dedupKey: `overdue-reminder:${row.needId}:${row.personId}:${row.dueAt}`,
        })),
      );
      return rows.length;
    });
  }

  /** Emails one overdue reminder once (mail_delivery per need, person and due date); nothing if the need was answered meanwhile. */
  async sendOverdueReminder(needId: string, personId: string, dueAt: string): Promise<boolean> {
    return this.dataSource.transaction(async (manager) => {
      const [row] = await manager.query(
        `SELECT n.reference, n.title, n.assignee_id AS "assigneeId", a.name AS "authorityName", p.email
           FROM need n JOIN authority a ON a.id = n.authority_id, person p
          WHERE n.id = $1 AND p.id = $2 AND p.deactivated_at IS NULL AND ${overdueSql('n')}`,
        [needId, personId],
      );
      if (!row?.email) return false;
      const message = overdueReminderEmail(row.email, { ...row, dueAt: new Date(dueAt), assigned: row.assigneeId === personId }, this.config.publicUrl);
      return this.mail.sendOnce(manager, `overdue-reminder:${needId}:${personId}:${dueAt}`, message);
    });
  }

  /**
   * Each authority's agents get one email for the week (mail_delivery per authority, agent and ISO
   * week): needs arrived in the last 7 days, overdue needs, threshold needs awaiting their official
   * answer, réalisé needs judged insufficient. Authorities with nothing to say are skipped.
   * Returns the emails sent by this run.
   */
  async sendWeeklyDigest(week = parisWeek()): Promise<number> {
    if (!/^\d{4}-W\d{2}$/.test(week)) throw new Error(`digest week must be YYYY-Www, not ${week}`);
    const authorities: Array<{ id: string; name: string }> = await this.dataSource.query(
      `SELECT DISTINCT au.id, au.name FROM authority au JOIN role_assignment a ON a.authority_id = au.id AND a.role = 'agent' ORDER BY au.name`,
    );
    let sent = 0;
    let failures = 0;
    for (const authority of authorities) {
      const digest = await this.weekOf(authority.id);
      if (!digest.newCount && !digest.overdueCount && !digest.awaitingCount && !digest.mostlyNo.length) continue;
      const agents: Array<{ id: string; email: string }> = await this.dataSource.query(
        `SELECT p.id, p.email FROM role_assignment a JOIN person p ON p.id = a.person_id
          WHERE a.authority_id = $1 AND a.role = 'agent' AND p.deactivated_at IS NULL AND p.email IS NOT NULL AND p.email_verified_at IS NOT NULL
          ORDER BY p.id`,
        [authority.id],
      );
      for (const agent of agents) {
        try {
          const message = weeklyDigestEmail(agent.email, { ...digest, authorityName: authority.name, week }, this.config.publicUrl);
          if (await this.dataSource.transaction((manager) => this.mail.sendOnce(manager, `weekly-digest:${authority.id}:${agent.id}:${week}`, message))) sent += 1;
        } catch (error) {
          // One failing address must not stop the others; the job fails at the end and its retry sends the missing ones only.
          failures += 1;
          this.logger.error(`weekly digest of ${authority.id} for ${agent.id} failed: ${(error as Error).message}`);
        }
      }
    }
    if (failures) throw new Error(`${failures} weekly digest(s) of ${week} failed (${sent} sent)`);
    return sent;
  }

  private async weekOf(authorityId: string): Promise<Omit<WeeklyDigest, 'authorityName' | 'week'>> {
    const list = async (condition: string): Promise<{ lines: NeedLine[]; count: number }> => {
      const rows: Array<NeedLine & { total: string }> = await this.dataSource.query(
        `SELECT n.reference, n.title, count(*) OVER () AS total FROM need n
          WHERE n.authority_id = $1 AND n.status NOT IN ('pending_confirmation', 'withdrawn') AND ${condition}
          ORDER BY n.created_at DESC, n.id LIMIT ${DIGEST_LINES}`,
        [authorityId],
      );
      return { lines: rows.map(({ reference, title }) => ({ reference, title })), count: Number(rows[0]?.total ?? 0) };
    };
    const fresh = await list(`EXISTS (SELECT 1 FROM need_routing r WHERE r.id = n.current_routing_id AND r.created_at >= now() - interval '7 days')`);
    const overdue = await list(overdueSql('n'));
    const awaiting = await list(AWAITING_OFFICIAL_ANSWER);
    const mostlyNo = await list(MOSTLY_NO);
    return {
      newNeeds: fresh.lines,
      newCount: fresh.count,
      overdue: overdue.lines,
      overdueCount: overdue.count,
      awaiting: awaiting.lines,
      awaitingCount: awaiting.count,
      mostlyNo: mostlyNo.lines,
    };
  }

  /**
   * "Useful, usable, used": once a need has been réalisé for SERVICE_FEEDBACK_DELAY_WEEKS (default 6),
   * its author and supporters (verified address, notifications not off, not answered yet) are asked
   * once each (service_feedback_request, then mail_delivery per need and person). Returns the emails sent.
   */
  async askServiceFeedback(): Promise<number> {
    const rows: Array<{ needId: string; personId: string; email: string; reference: string; title: string; authored: boolean }> = await this.dataSource.query(
      `SELECT n.id AS "needId", r.person_id AS "personId", p.email, n.reference, n.title, (r.person_id = n.author_id) AS authored
         FROM need n
         CROSS JOIN LATERAL (
           SELECT n.author_id AS person_id WHERE n.author_id IS NOT NULL
           UNION SELECT s.person_id FROM need_support s WHERE s.need_id = n.id
         ) r
         JOIN person p ON p.id = r.person_id AND p.email IS NOT NULL AND p.email_verified_at IS NOT NULL AND p.deactivated_at IS NULL
         LEFT JOIN notification_preference pref ON pref.person_id = p.id
        WHERE n.status = 'done'
          AND (SELECT max(c.created_at) FROM need_status_change c WHERE c.need_id = n.id AND c.status = 'done') <= now() - make_interval(weeks => $1)
          AND COALESCE(pref.mode, 'digest') <> 'off'
          AND NOT EXISTS (SELECT 1 FROM service_feedback_request q WHERE q.need_id = n.id AND q.person_id = r.person_id)
          AND NOT EXISTS (SELECT 1 FROM service_feedback f WHERE f.need_id = n.id AND f.person_id = r.person_id)
        ORDER BY n.id, r.person_id`,
      [this.config.serviceFeedbackDelayWeeks],
    );
    let sent = 0;
    for (const row of rows) {
      const asked = await this.dataSource.transaction(async (manager) => {
        const inserted = await manager.query(
          `INSERT INTO service_feedback_request (need_id, person_id) VALUES ($1, $2) ON CONFLICT DO NOTHING RETURNING need_id`,
          [row.needId, row.personId],
        );
        if (!inserted.length) return false;
        return this.mail.sendOnce(manager, `service-feedback:${row.needId}:${row.personId}`, serviceFeedbackEmail(row.email, row, this.config.publicUrl));
      });
      if (asked) sent += 1;
    }
    return sent;
  }

  /** The need's id from its public reference (null when unknown or not public). */
  async needIdOf(reference: string): Promise<string | null> {
    const normalized = normalizeReference(reference ?? '');
    if (!normalized) return null;
    const [row] = await this.dataSource.query(`SELECT id FROM need WHERE reference = $1 AND status <> 'pending_confirmation'`, [normalized]);
    return row?.id ?? null;
  }

  /**
   * The author or a supporter of a réalisé need answers (or changes their answer to) "does the
   * service answer the need?". Authorization (need.service_feedback) is the caller's. Side effect:
   * the person's service_feedback row.
   */
  async answer(actor: Actor, needId: string, answer: ServiceFeedbackAnswer, rawComment: string | null): Promise<ViewerServiceFeedback> {
    const comment = rawComment ? cleanText(rawComment) : '';
    const errors = [];
    if (!SERVICE_FEEDBACK_ANSWERS.includes(answer)) errors.push({ field: 'answer', message: 'Choisissez oui, en partie ou non.' });
    if ([...comment].length > SERVICE_FEEDBACK_COMMENT_MAX) {
      errors.push({ field: 'comment', message: `Le commentaire compte au plus ${SERVICE_FEEDBACK_COMMENT_MAX} caractères (il en compte ${[...comment].length}).` });
    }
    if (errors.length) throw badUserInput(errors);
    await this.dataSource.transaction(async (manager) => {
      const [need] = await manager.query(`SELECT status FROM need WHERE id = $1 FOR SHARE`, [needId]);
      if (need?.status !== NeedStatus.Done) {
        throw badUserInput([{ field: 'reference', message: 'Ce besoin n’est pas réalisé : votre avis sur le service sera demandé une fois le besoin réalisé.' }]);
      }
      await manager.query(
        `INSERT INTO service_feedback (need_id, person_id, answer, comment) VALUES ($1, $2, $3, $4)
         ON CONFLICT (need_id, person_id) DO UPDATE SET answer = EXCLUDED.answer, comment = EXCLUDED.comment, updated_at = now()`,
        [needId, actor.personId, answer, comment || null],
      );
    });
    return (await this.viewerFeedback([needId], actor.personId)).get(needId)!;
  }

  /** Yes / partly / no counts of many needs, in one query. */
  async feedbackCounts(needIds: readonly string[]): Promise<Map<string, ServiceFeedbackCounts>> {
    const rows: Array<{ needId: string; status: string; yes: string; partly: string; no: string }> = await this.dataSource.query(
      `SELECT f.need_id AS "needId", n.status,
              count(*) FILTER (WHERE f.answer = 'yes') AS yes, count(*) FILTER (WHERE f.answer = 'partly') AS partly, count(*) FILTER (WHERE f.answer = 'no') AS no
         FROM service_feedback f JOIN need n ON n.id = f.need_id
        WHERE f.need_id = ANY($1::uuid[]) GROUP BY f.need_id, n.status`,
      [needIds],
    );
    return new Map(rows.map((row) => {
      const result = counts(row);
      return [row.needId, { ...result, mostlyNo: result.mostlyNo && row.status === NeedStatus.Done }];
    }));
  }

  /** The viewer's eligibility and answer on many needs, in one query. */
  async viewerFeedback(needIds: readonly string[], personId: string): Promise<Map<string, ViewerServiceFeedback>> {
    const rows: Array<ViewerServiceFeedback & { needId: string }> = await this.dataSource.query(
      `SELECT n.id AS "needId", (n.status = 'done') AS open,
              (n.author_id = $2 OR EXISTS (SELECT 1 FROM need_support s WHERE s.need_id = n.id AND s.person_id = $2)) AS eligible,
              f.answer, f.comment
         FROM need n LEFT JOIN service_feedback f ON f.need_id = n.id AND f.person_id = $2
        WHERE n.id = ANY($1::uuid[])`,
      [needIds, personId],
    );
    return new Map(rows.map(({ needId, ...rest }) => [needId, { ...rest, eligible: rest.eligible === true, open: rest.open === true }]));
  }

  /**
   * Public figures of authorities (needs counted once public, not held by pre-moderation, by their current authority): median
   * days from a need's arrival at the authority to its first answer, over the needs answered there;
   * overdue needs (clock.ts); needs by status; survey answers. Three queries whatever the count.
   */
  async figures(authorityIds: readonly string[]): Promise<AuthorityFigures[]> {
    if (!authorityIds.length) return [];
    const main: Array<Record<string, string | number | null>> = await this.dataSource.query(
      `SELECT a.id, a.kind, a.code, a.name, a.website, COALESCE(ap.first_answer_days, 30) AS "firstAnswerDays",
              s.total, s.answered, s.median, s.overdue
         FROM authority a
         LEFT JOIN authority_participation ap ON ap.authority_id = a.id
         CROSS JOIN LATERAL (
           SELECT count(*) AS total,
                  count(*) FILTER (WHERE t.days IS NOT NULL) AS answered,
                  percentile_cont(0.5) WITHIN GROUP (ORDER BY t.days) AS median,
                  count(*) FILTER (WHERE t.overdue) AS overdue
             FROM (SELECT CASE WHEN n.first_answer_at >= ${ARRIVAL} THEN extract(epoch FROM n.first_answer_at - ${ARRIVAL}) / 86400 END AS days,
                          ${overdueSql('n')} AS overdue
                     FROM need n WHERE n.authority_id = a.id AND n.status <> 'pending_confirmation' AND ${notHeldSql('n')}) t
         ) s
        WHERE a.id = ANY($1::uuid[])`,
      [authorityIds],
    );
    const statuses: Array<{ authorityId: string; status: string; count: string }> = await this.dataSource.query(
      `SELECT n.authority_id AS "authorityId", n.status, count(*) AS count FROM need n
        WHERE n.authority_id = ANY($1::uuid[]) AND n.status <> 'pending_confirmation' AND ${notHeldSql('n')}
        GROUP BY n.authority_id, n.status ORDER BY n.authority_id, n.status`,
      [authorityIds],
    );
    const feedback: Array<{ authorityId: string; yes: string; partly: string; no: string }> = await this.dataSource.query(
      `SELECT n.authority_id AS "authorityId", count(*) FILTER (WHERE f.answer = 'yes') AS yes,
              count(*) FILTER (WHERE f.answer = 'partly') AS partly, count(*) FILTER (WHERE f.answer = 'no') AS no
         FROM service_feedback f JOIN need n ON n.id = f.need_id WHERE n.authority_id = ANY($1::uuid[]) GROUP BY n.authority_id`,
      [authorityIds],
    );
    const byId = new Map(main.map((row) => [String(row.id), row]));
    return authorityIds
      .filter((id) => byId.has(id))
      .map((id) => {
        const row = byId.get(id)!;
        const answers = feedback.find((item) => item.authorityId === id);
        return {
          authorityId: id,
          kind: String(row.kind),
          code: String(row.code),
          name: String(row.name),
          website: (row.website as string | null) ?? null,
          firstAnswerDays: Number(row.firstAnswerDays),
          publicNeedCount: Number(row.total),
          answeredCount: Number(row.answered),
          medianDaysToFirstAnswer: row.median === null ? null : Math.round(Number(row.median) * 10) / 10,
          overdueCount: Number(row.overdue),
          byStatus: statuses.filter((item) => item.authorityId === id).map((item) => ({ status: item.status, count: Number(item.count) })),
          serviceFeedback: answers ? { ...counts(answers), mostlyNo: false } : emptyFeedback(),
        };
      });
  }

  /** Authorities of the territory (Pôle, EPCIs, then communes, by name), a page of them with the total. */
  async authorityPage(kind: string | null, first: number, offset: number): Promise<{ ids: string[]; totalCount: number }> {
    const rows: Array<{ id: string; total: string }> = await this.dataSource.query(
      `SELECT id, count(*) OVER () AS total FROM authority
        WHERE kind IN ('pole', 'epci', 'commune') AND ($1::text IS NULL OR kind = $1)
        ORDER BY CASE kind WHEN 'pole' THEN 0 WHEN 'epci' THEN 1 ELSE 2 END, name, id
        LIMIT $2 OFFSET $3`,
      [kind, first, offset],
    );
    let totalCount = Number(rows[0]?.total ?? 0);
    if (!rows.length && offset > 0) {
      const [row] = await this.dataSource.query(`SELECT count(*) AS total FROM authority WHERE kind IN ('pole', 'epci', 'commune') AND ($1::text IS NULL OR kind = $1)`, [kind]);
      totalCount = Number(row.total);
    }
    return { ids: rows.map((row) => row.id), totalCount };
  }
}

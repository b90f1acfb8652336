import { randomInt } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { APP_CONFIG, AuditService, badUserInput, requirePaperSupportSecret, rowsOf, type AppConfig } from '@pit/core';
import { foldName, identityHash, type Actor } from '@pit/accounts';
import { TALLY_SHARDS, heldSql } from '@pit/needs';

/**
 * Why the support count is sharded (need_support_tally):
 *
 * A popular need receives many supports at once (a newsletter link, a meeting where everyone
 * scans the QR code). With a single counter row per need, every supporting transaction takes the
 * row lock of that one row (`UPDATE … SET supports = supports + 1`) and holds it until it commits:
 * N concurrent supporters run one after the other, each waiting for the previous commit (and its
 * WAL flush). With SHARDS rows per need and a random shard per write, two writers collide only
 * when they draw the same shard, so up to SHARDS of them commit in parallel. Reading the count is
 * `sum(supports)` over at most SHARDS rows of one index range: as cheap as reading one row.
 * The count stays exact because a shard moves (+1 / −1) only in the transaction that inserted
 * (or deleted) the need_support row, whose primary key (need_id, person_id) makes a second
 * support by the same person a no-op (INSERT … ON CONFLICT DO NOTHING).
 * bench/support-tally.mjs measures both designs side by side: on the 2-core development machine
 * (PostgreSQL, synchronous_commit on, 4,000 supports through 50 connections) a single counter row
 * took 5.5 s and 10.0 s in two runs, 16 shards 2.2 s and 2.7 s: 2.5× and 3.7× the throughput.
 * TALLY_SHARDS is defined in @pit/needs: the "most supported" sort bounds a need's count by it.
 */
export { TALLY_SHARDS };

export const DEFAULT_SUPPORT_THRESHOLD = 50;
export const DEFAULT_ANSWER_DELAY_DAYS = 60;
/** Target days to a need's first answer (accountability clock), when the authority set none. */
export const DEFAULT_FIRST_ANSWER_DAYS = 30;

export const PARTICIPATION_LIMITS = {
  statement: { min: 10, max: 500 },
  paperName: { max: 200 },
  paperBirthYear: { min: 1900 },
  threshold: { min: 1, max: 100_000 },
  delay: { min: 1, max: 365 },
  firstAnswer: { min: 1, max: 365 },
} as const;

// A need held by pre-moderation reads as this status here: not public yet.
const HELD = 'held';
const STATUS_SQL = `CASE WHEN ${heldSql('need')} THEN '${HELD}' ELSE status END AS status`;
/** Statuses that cannot be supported, backed or counted: not public, withdrawn or closed. */
const NOT_PUBLIC = ['pending_confirmation', 'hidden', HELD];
const CLOSED = ['withdrawn', 'duplicate', 'done', 'refused'];

export interface ParticipationSummary {
  needId: string;
  supportCount: number;
  backingCount: number;
  supportThreshold: number;
  thresholdReachedAt: Date | null;
  officialAnswerDueAt: Date | null;
  viewerSupports: boolean;
  viewerFollows: boolean;
}

export interface BackingRow {
  needId: string;
  organisationId: string;
  organisationName: string;
  organisationKind: string;
  statement: string;
  backedAt: Date;
}

export interface BackingOptionRow {
  needId: string;
  organisationId: string;
  name: string;
  kind: string;
  verified: boolean;
  backs: boolean;
}

export interface ParticipationSettings {
  authorityId: string;
  supportThreshold: number;
  answerDelayDays: number;
  firstAnswerDays: number;
  updatedAt: Date | null;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Inserts the need_engagement row when the tally (plus $2 supports about to be added by this
 * transaction) reached the threshold of the need's current authority (defaults when it has no row, or
 * the need is not routed yet). At most once per need: the primary key and ON CONFLICT DO NOTHING.
 * Answers whether the need is engaged now.
 */
const ENGAGE_IF_REACHED = `
  WITH inserted AS (
    INSERT INTO need_engagement (need_id, threshold_reached_at, answer_due_at)
    SELECT n.id, now(), now() + make_interval(days => COALESCE(ap.answer_delay_days, ${DEFAULT_ANSWER_DELAY_DAYS}))
      FROM need n LEFT JOIN authority_participation ap ON ap.authority_id = n.authority_id
     WHERE n.id = $1
       AND NOT EXISTS (SELECT 1 FROM need_engagement e WHERE e.need_id = n.id)
       AND (SELECT COALESCE(sum(t.supports), 0) FROM need_support_tally t WHERE t.need_id = n.id) + $2 >= COALESCE(ap.support_threshold, ${DEFAULT_SUPPORT_THRESHOLD})
    ON CONFLICT (need_id) DO NOTHING
    RETURNING need_id)
  SELECT EXISTS (SELECT 1 FROM inserted) OR EXISTS (SELECT 1 FROM need_engagement WHERE need_id = $1) AS engaged`;

/**
 * Supports, paper supports, organisation backings, follows and the support threshold.
 * Authorization is checked by the callers (AccessService); the rules of the need itself
 * (public, open, not one's own) are checked here. Every write runs in one transaction.
 */
@Injectable()
export class ParticipationService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /**
   * Supports a need; supporting it again changes nothing (idempotent). Refused on a need that is
   * not public (awaiting confirmation, hidden), withdrawn or closed (duplicate, done, refused), and
   * on one's own need. Side effects: a need_support row, +1 on one tally shard, and the
   * need_engagement row when this support reaches the threshold.
   */
  async supportNeed(actor: Actor, needId: string): Promise<ParticipationSummary> {
    const { changed, engaged } = await this.dataSource.transaction((manager) => this.addSupportIn(manager, needId, actor.personId, 'refuse'));
    if (changed && !engaged) await this.engageIfReached(this.dataSource.manager, needId);
    return (await this.summaries([needId], actor.personId)).get(needId)!;
  }

  /**
   * supportNeed's writes inside the caller's transaction (a merge's carried-over support takes this
   * path too): the need's rules, the unique row, +1 on one shard, the engagement. When `changed` and
   * not `engaged`, the caller runs settleEngagement after COMMIT (see engageIfReached).
   */
  async addSupportIn(
    manager: EntityManager,
    needId: string,
    personId: string,
    paperTwin: 'refuse' | 'skip' = 'skip',
  ): Promise<{ changed: boolean; engaged: boolean }> {
    await this.openNeed(manager, needId, personId);
    // A FranceConnect-verified person whose support was already recorded on paper is counted once:
    // their own click is refused (naming why), a carried-over support (merge) changes nothing.
    if (await this.supportedOnPaper(manager, needId, personId)) {
      if (paperTwin === 'skip') return { changed: false, engaged: true };
      throw badUserInput([{ field: 'needId', message: 'Vous avez déjà soutenu ce besoin sur papier : votre soutien est déjà compté.' }]);
    }
    const inserted = await manager.query(`INSERT INTO need_support (need_id, person_id) VALUES ($1, $2) ON CONFLICT DO NOTHING RETURNING need_id`, [needId, personId]);
    if (!rowsOf(inserted).length) return { changed: false, engaged: true };
    // The threshold check counts this support before its shard moves, and the shard moves last: the
    // shard's row lock is held for the COMMIT's round trip only, not the check's too (the supporters of
    // a hot need queue on the 16 shard rows; bench/support-write.mjs, hot vs spread).
    const engaged = await this.engageIfReached(manager, needId, 1);
    await this.addToTally(manager, needId, 1);
    return { changed: true, engaged };
  }

  /** withdrawSupport's writes inside the caller's transaction: the row and −1 on one shard; false when there was none. */
  async removeSupportIn(manager: EntityManager, needId: string, personId: string): Promise<boolean> {
    const deleted = rowsOf(await manager.query(`DELETE FROM need_support WHERE need_id = $1 AND person_id = $2 RETURNING need_id`, [needId, personId]));
    if (deleted.length) await this.addToTally(manager, needId, -1);
    return deleted.length > 0;
  }

  /** After the COMMIT of addSupportIn's transaction when it did not see the threshold reached. */
  async settleEngagement(needId: string): Promise<void> {
    await this.engageIfReached(this.dataSource.manager, needId);
  }

  /**
   * Withdraws one's support (nothing happens without one). Side effects: the need_support row is
   * deleted and −1 goes to one tally shard. A need that already reached its threshold keeps its
   * need_engagement row: the authority's commitment to answer stands.
   */
  async withdrawSupport(actor: Actor, needId: string): Promise<ParticipationSummary> {
    checkId('needId', needId);
    await this.dataSource.transaction((manager) => this.removeSupportIn(manager, needId, actor.personId));
    return (await this.summaries([needId], actor.personId)).get(needId) ?? emptySummary(needId);
  }

  /**
   * Records one support collected on paper (a mediator at a France services counter, a public meeting):
   * the person's name, birth year and commune as written on the sheet, the signature seen by the mediator.
   * Refused when the same person (folded name, birth year) already supports the need on paper or online
   * through FranceConnect. Side effects: a need_paper_support row keeping the identity only as its HMAC
   * (and the commune), +1 on one tally shard, the engagement at the threshold, an audit entry
   * (need.paper_supports), all in one transaction.
   */
  async recordPaperSupport(
    actor: Actor,
    needId: string,
    input: { name: string; birthYear: number; communeCode: string; signatureSeen: boolean },
  ): Promise<ParticipationSummary> {
    const name = input.name.normalize('NFC').trim().replace(/\s+/g, ' ');
    const maxYear = new Date().getFullYear();
    const errors = [];
    if (foldName(name).split(' ').filter(Boolean).length < 2) errors.push({ field: 'name', message: 'Indiquez le prénom et le nom de la personne, comme sur la feuille.' });
    else if ([...name].length > PARTICIPATION_LIMITS.paperName.max) errors.push({ field: 'name', message: `Le prénom et le nom comptent ${PARTICIPATION_LIMITS.paperName.max} caractères au plus.` });
    if (!Number.isInteger(input.birthYear) || input.birthYear < PARTICIPATION_LIMITS.paperBirthYear.min || input.birthYear > maxYear)
      errors.push({ field: 'birthYear', message: `Indiquez l'année de naissance en 4 chiffres, entre ${PARTICIPATION_LIMITS.paperBirthYear.min} et ${maxYear}.` });
    const [commune] = /^[0-9][0-9AB][0-9]{3}$/.test(input.communeCode) ? await this.dataSource.query(`SELECT code FROM commune WHERE code = $1`, [input.communeCode]) : [];
    if (!commune) errors.push({ field: 'communeCode', message: 'Choisissez la commune de la personne.' });
    if (input.signatureSeen !== true) errors.push({ field: 'signatureSeen', message: 'Cochez « Signature vue » : un soutien sur papier compte seulement signé.' });
    if (errors.length) throw badUserInput(errors);
    const hash = identityHash(requirePaperSupportSecret(this.config), name, input.birthYear);
    const engaged = await this.dataSource.transaction(async (manager) => {
      await this.openNeed(manager, needId, null);
      await this.lockIdentity(manager, needId, hash);
      const [online] = await manager.query(
        `SELECT 1 FROM need_support s JOIN external_identity i ON i.person_id = s.person_id
          WHERE s.need_id = $1 AND i.provider = 'franceconnect' AND i.identity_hash = $2 LIMIT 1`,
        [needId, hash],
      );
      const inserted = online
        ? []
        : rowsOf<{ id: string }>(
            await manager.query(
              `INSERT INTO need_paper_support (need_id, recorded_by, count, identity_hash, commune_code) VALUES ($1, $2, 1, $3, $4)
               ON CONFLICT (need_id, identity_hash) WHERE identity_hash IS NOT NULL DO NOTHING RETURNING id`,
              [needId, actor.personId, hash, input.communeCode],
            ),
          );
      if (!inserted.length) throw badUserInput([{ field: 'name', message: 'Cette personne a déjà soutenu ce besoin.' }]);
      const [{ total }] = await manager.query(`SELECT COALESCE(sum(count), 0)::int AS total FROM need_paper_support WHERE need_id = $1`, [needId]);
      await this.audit.record(manager, {
        actorId: actor.personId,
        action: 'need.paper_supports',
        subjectType: 'need',
        subjectId: needId,
        before: { paperSupports: total - 1 },
        after: { paperSupports: total, added: 1, paperSupportId: inserted[0]!.id },
      });
      await this.addToTally(manager, needId, 1);
      return this.engageIfReached(manager, needId);
    });
    if (!engaged) await this.engageIfReached(this.dataSource.manager, needId);
    return (await this.summaries([needId], actor.personId)).get(needId)!;
  }

  /** Whether the person, verified through FranceConnect, already supports the need on paper (under the identity lock). */
  private async supportedOnPaper(manager: EntityManager, needId: string, personId: string): Promise<boolean> {
    const identities = rowsOf<{ hash: Buffer }>(
      await manager.query(
        `SELECT identity_hash AS hash FROM external_identity WHERE person_id = $1 AND provider = 'franceconnect' AND identity_hash IS NOT NULL`,
        [personId],
      ),
    );
    for (const { hash } of identities) {
      await this.lockIdentity(manager, needId, hash);
      const [paper] = await manager.query(`SELECT 1 FROM need_paper_support WHERE need_id = $1 AND identity_hash = $2`, [needId, hash]);
      if (paper) return true;
    }
    return false;
  }

  /**
   * Serialises a paper recording and an online support of the same identity on the same need (until
   * COMMIT): without it both could pass their check at once and the person would count twice.
   */
  private async lockIdentity(manager: EntityManager, needId: string, hash: Buffer): Promise<void> {
    await manager.query(`SELECT pg_advisory_xact_lock(hashtextextended($1 || encode($2::bytea, 'hex'), 0))`, [needId, hash]);
  }

  /**
   * An organisation backs a need with a short statement, once. The organisation must be verified;
   * the caller checked that the actor represents it. Backings are not counted in the tally.
   */
  async backNeed(actor: Actor, needId: string, organisationId: string, rawStatement: string): Promise<ParticipationSummary> {
    checkId('organisationId', organisationId);
    const statement = rawStatement.normalize('NFC').replace(/\r\n?/g, '\n').trim();
    const length = [...statement].length;
    const { min, max } = PARTICIPATION_LIMITS.statement;
    if (length < min || length > max) {
      throw badUserInput([
        {
          field: 'statement',
          message: length ? `La déclaration doit compter entre ${min} et ${max} caractères (elle en compte ${length}).` : 'Écrivez en quelques mots pourquoi votre organisation soutient ce besoin.',
        },
      ]);
    }
    await this.dataSource.transaction(async (manager) => {
      await this.openNeed(manager, needId, null);
      const [organisation] = await manager.query(`SELECT verified_at AS "verifiedAt" FROM organisation WHERE id = $1`, [organisationId]);
      if (!organisation) throw badUserInput([{ field: 'organisationId', message: "Cette organisation n'existe pas." }]);
      if (!organisation.verifiedAt) {
        throw badUserInput([
          {
            field: 'organisationId',
            message: "Cette organisation n'est pas encore vérifiée : un administrateur doit vérifier son numéro avant qu'elle puisse soutenir un besoin.",
          },
        ]);
      }
      const inserted = await manager.query(
        `INSERT INTO need_backing (need_id, organisation_id, statement, backed_by) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING RETURNING need_id`,
        [needId, organisationId, statement, actor.personId],
      );
      if (!rowsOf(inserted).length) throw badUserInput([{ field: 'organisationId', message: 'Cette organisation soutient déjà ce besoin.' }]);
    });
    return (await this.summaries([needId], actor.personId)).get(needId)!;
  }

  /** Withdraws an organisation's backing (nothing happens without one). */
  async withdrawBacking(actor: Actor, needId: string, organisationId: string): Promise<ParticipationSummary> {
    checkId('needId', needId);
    checkId('organisationId', organisationId);
    await this.dataSource.query(`DELETE FROM need_backing WHERE need_id = $1 AND organisation_id = $2`, [needId, organisationId]);
    return (await this.summaries([needId], actor.personId)).get(needId) ?? emptySummary(needId);
  }

  /** Follows a public need (idempotent). Supporting does not imply following. */
  async followNeed(actor: Actor, needId: string): Promise<ParticipationSummary> {
    checkId('needId', needId);
    await this.dataSource.transaction(async (manager) => {
      const [need] = await manager.query(`SELECT ${STATUS_SQL} FROM need WHERE id = $1`, [needId]);
      if (!need || NOT_PUBLIC.includes(need.status)) throw badUserInput([{ field: 'needId', message: "Ce besoin n'existe pas ou n'est pas public." }]);
      await manager.query(`INSERT INTO need_follow (need_id, person_id) VALUES ($1, $2) ON CONFLICT DO NOTHING`, [needId, actor.personId]);
    });
    return (await this.summaries([needId], actor.personId)).get(needId)!;
  }

  /** Stops following (nothing happens when one did not follow). */
  async unfollowNeed(actor: Actor, needId: string): Promise<ParticipationSummary> {
    checkId('needId', needId);
    await this.dataSource.query(`DELETE FROM need_follow WHERE need_id = $1 AND person_id = $2`, [needId, actor.personId]);
    return (await this.summaries([needId], actor.personId)).get(needId) ?? emptySummary(needId);
  }

  async settings(authorityId: string): Promise<ParticipationSettings> {
    checkId('authorityId', authorityId);
    const [row] = await this.dataSource.query(
      `SELECT a.id AS "authorityId", COALESCE(p.support_threshold, $2) AS "supportThreshold", COALESCE(p.answer_delay_days, $3) AS "answerDelayDays",
              COALESCE(p.first_answer_days, $4) AS "firstAnswerDays", p.updated_at AS "updatedAt"
         FROM authority a LEFT JOIN authority_participation p ON p.authority_id = a.id WHERE a.id = $1`,
      [authorityId, DEFAULT_SUPPORT_THRESHOLD, DEFAULT_ANSWER_DELAY_DAYS, DEFAULT_FIRST_ANSWER_DAYS],
    );
    if (!row) throw badUserInput([{ field: 'authorityId', message: "Cette collectivité n'existe pas." }]);
    return row;
  }

  /**
   * Sets an authority's threshold, answer delay and first-answer target (unchanged when omitted); an
   * audit entry (before/after) commits with it. Needs already engaged keep their deadline; the new
   * threshold applies from the next support, the new first-answer target from the next routing.
   */
  async setSettings(
    actor: Actor,
    authorityId: string,
    supportThreshold: number,
    answerDelayDays: number,
    firstAnswerDays: number | null = null,
  ): Promise<ParticipationSettings> {
    checkId('authorityId', authorityId);
    const errors = [];
    const { threshold, delay } = PARTICIPATION_LIMITS;
    if (!Number.isInteger(supportThreshold) || supportThreshold < threshold.min || supportThreshold > threshold.max)
      errors.push({ field: 'supportThreshold', message: `Le seuil de soutiens est un nombre entier entre ${threshold.min} et ${threshold.max}.` });
    if (!Number.isInteger(answerDelayDays) || answerDelayDays < delay.min || answerDelayDays > delay.max)
      errors.push({ field: 'answerDelayDays', message: `Le délai de réponse est un nombre de jours entre ${delay.min} et ${delay.max}.` });
    const firstAnswer = PARTICIPATION_LIMITS.firstAnswer;
    if (firstAnswerDays !== null && (!Number.isInteger(firstAnswerDays) || firstAnswerDays < firstAnswer.min || firstAnswerDays > firstAnswer.max))
      errors.push({ field: 'firstAnswerDays', message: `Le délai de première réponse est un nombre de jours entre ${firstAnswer.min} et ${firstAnswer.max}.` });
    if (errors.length) throw badUserInput(errors);
    await this.dataSource.transaction(async (manager) => {
      const [authority] = await manager.query(`SELECT 1 FROM authority WHERE id = $1`, [authorityId]);
      if (!authority) throw badUserInput([{ field: 'authorityId', message: "Cette collectivité n'existe pas." }]);
      const [previous] = await manager.query(
        `SELECT support_threshold AS "supportThreshold", answer_delay_days AS "answerDelayDays", first_answer_days AS "firstAnswerDays"
           FROM authority_participation WHERE authority_id = $1 FOR UPDATE`,
        [authorityId],
      );
      const before = previous ?? { supportThreshold: DEFAULT_SUPPORT_THRESHOLD, answerDelayDays: DEFAULT_ANSWER_DELAY_DAYS, firstAnswerDays: DEFAULT_FIRST_ANSWER_DAYS };
      const firstDays = firstAnswerDays ?? before.firstAnswerDays;
      await this.audit.record(manager, {
        actorId: actor.personId,
        action: 'authority.settings',
        subjectType: 'authority',
        subjectId: authorityId,
        before,
        after: { supportThreshold, answerDelayDays, firstAnswerDays: firstDays },
      });
      await manager.query(
        `INSERT INTO authority_participation (authority_id, support_threshold, answer_delay_days, first_answer_days, updated_by, updated_at) VALUES ($1, $2, $3, $4, $5, now())
         ON CONFLICT (authority_id) DO UPDATE SET support_threshold = EXCLUDED.support_threshold, answer_delay_days = EXCLUDED.answer_delay_days,
           first_answer_days = EXCLUDED.first_answer_days, updated_by = EXCLUDED.updated_by, updated_at = now()`,
        [authorityId, supportThreshold, answerDelayDays, firstDays, actor.personId],
      );
    });
    return this.settings(authorityId);
  }

  /** Counts, threshold and the viewer's state of many needs, in one query. */
  async summaries(needIds: readonly string[], viewerId: string | null): Promise<Map<string, ParticipationSummary>> {
    const ids = [...new Set(needIds)].filter((id) => UUID.test(id));
    const result = new Map<string, ParticipationSummary>();
    if (!ids.length) return result;
    const rows: Array<ParticipationSummary & { supportCount: string; backingCount: string }> = await this.dataSource.query(
      `SELECT n.id AS "needId",
              COALESCE((SELECT sum(t.supports) FROM need_support_tally t WHERE t.need_id = n.id), 0) AS "supportCount",
              (SELECT count(*) FROM need_backing b WHERE b.need_id = n.id) AS "backingCount",
              COALESCE(ap.support_threshold, $3) AS "supportThreshold",
              e.threshold_reached_at AS "thresholdReachedAt", e.answer_due_at AS "officialAnswerDueAt",
              ($2::uuid IS NOT NULL AND EXISTS (SELECT 1 FROM need_support s WHERE s.need_id = n.id AND s.person_id = $2)) AS "viewerSupports",
              ($2::uuid IS NOT NULL AND EXISTS (SELECT 1 FROM need_follow f WHERE f.need_id = n.id AND f.person_id = $2)) AS "viewerFollows"
         FROM need n
         LEFT JOIN authority_participation ap ON ap.authority_id = n.authority_id
         LEFT JOIN need_engagement e ON e.need_id = n.id
        WHERE n.id = ANY($1::uuid[])`,
      [ids, viewerId, DEFAULT_SUPPORT_THRESHOLD],
    );
    for (const row of rows) result.set(row.needId, { ...row, supportCount: Number(row.supportCount), backingCount: Number(row.backingCount) });
    return result;
  }

  /** The backings of many needs, oldest first, in one query. */
  async backings(needIds: readonly string[]): Promise<Map<string, BackingRow[]>> {
    const ids = [...new Set(needIds)].filter((id) => UUID.test(id));
    const result = new Map<string, BackingRow[]>(ids.map((id) => [id, []]));
    if (!ids.length) return result;
    const rows: BackingRow[] = await this.dataSource.query(
      `SELECT b.need_id AS "needId", o.id AS "organisationId", o.name AS "organisationName", o.kind AS "organisationKind",
              b.statement, b.created_at AS "backedAt"
         FROM need_backing b JOIN organisation o ON o.id = b.organisation_id
        WHERE b.need_id = ANY($1::uuid[]) ORDER BY b.created_at, o.name`,
      [ids],
    );
    for (const row of rows) result.get(row.needId)!.push(row);
    return result;
  }

  /** The organisations the viewer represents, for each need: whether each already backs it. One query. */
  async backingOptions(needIds: readonly string[], viewerId: string): Promise<Map<string, BackingOptionRow[]>> {
    const ids = [...new Set(needIds)].filter((id) => UUID.test(id));
    const result = new Map<string, BackingOptionRow[]>(ids.map((id) => [id, []]));
    if (!ids.length) return result;
    const rows: BackingOptionRow[] = await this.dataSource.query(
      `SELECT n AS "needId", o.id AS "organisationId", o.name, o.kind, o.verified_at IS NOT NULL AS verified,
              EXISTS (SELECT 1 FROM need_backing b WHERE b.need_id = n AND b.organisation_id = o.id) AS backs
         FROM unnest($1::uuid[]) AS n
         CROSS JOIN organisation o JOIN organisation_member m ON m.organisation_id = o.id AND m.person_id = $2 AND m.role = 'representative'
        ORDER BY o.name`,
      [ids, viewerId],
    );
    for (const row of rows) result.get(row.needId)!.push(row);
    return result;
  }

  /** The need, if it can receive supports; `authorId` refuses its author (null: no such check). */
  private async openNeed(manager: EntityManager, needId: string, authorId: string | null): Promise<void> {
    checkId('needId', needId);
    const [need] = await manager.query(`SELECT ${STATUS_SQL}, author_id AS "authorId" FROM need WHERE id = $1`, [needId]);
    if (!need || NOT_PUBLIC.includes(need.status)) throw badUserInput([{ field: 'needId', message: "Ce besoin n'existe pas ou n'est pas public." }]);
    if (need.status === 'withdrawn') throw badUserInput([{ field: 'needId', message: 'Son auteur a retiré ce besoin : il ne peut plus être soutenu.' }]);
    if (need.status === 'duplicate') throw badUserInput([{ field: 'needId', message: "Ce besoin est un doublon : soutenez plutôt le besoin d'origine." }]);
    if (CLOSED.includes(need.status)) throw badUserInput([{ field: 'needId', message: 'Ce besoin est clos : il ne peut plus être soutenu.' }]);
    if (authorId && need.authorId === authorId) throw badUserInput([{ field: 'needId', message: 'Vous avez déposé ce besoin : vous ne pouvez pas le soutenir vous-même.' }]);
  }

  /** Adds `delta` to one random shard of the need's tally (creating the shard row on first use). */
  private async addToTally(manager: EntityManager, needId: string, delta: number): Promise<void> {
    await manager.query(
      `INSERT INTO need_support_tally (need_id, shard, supports) VALUES ($1, $2, $3)
       ON CONFLICT (need_id, shard) DO UPDATE SET supports = need_support_tally.supports + EXCLUDED.supports`,
      [needId, randomInt(TALLY_SHARDS), delta],
    );
  }

  /**
   * Inside the writing transaction this sees the committed shards plus its own; two supports
   * committing at the same moment may each miss the other's uncommitted increment. So when the
   * transaction did not see the threshold reached, the caller runs it once more after COMMIT: the
   * last of any set of concurrent writers then sees every increment, and ON CONFLICT keeps the
   * row unique.
   */
  private async engageIfReached(manager: EntityManager, needId: string, pending = 0): Promise<boolean> {
    const [row] = await manager.query(ENGAGE_IF_REACHED, [needId, pending]);
    return row.engaged === true;
  }
}

function checkId(field: string, id: string): void {
  if (!UUID.test(id)) throw badUserInput([{ field, message: field === 'needId' ? "Ce besoin n'existe pas ou n'est pas public." : "Cet identifiant n'est pas valide." }]);
}

/** The summary of a need nobody supported, backed or followed yet (also: an unknown need). */
export function emptySummary(needId: string): ParticipationSummary {
  return {
    needId,
    supportCount: 0,
    backingCount: 0,
    supportThreshold: DEFAULT_SUPPORT_THRESHOLD,
    thresholdReachedAt: null,
    officialAnswerDueAt: null,
    viewerSupports: false,
    viewerFollows: false,
  };
}

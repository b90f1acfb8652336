import { Inject, Injectable, Logger } from '@nestjs/common';
import { GraphQLError } from 'graphql';
import { DataSource, type EntityManager } from 'typeorm';
import { NeedStatus, normalizeReference } from '@pit/domain';
import { APP_CONFIG, AuditService, BAD_USER_INPUT, MailService, OutboxService, badUserInput, type AppConfig, type FieldError } from '@pit/core';
import type { Actor } from '@pit/accounts';
import { NeedWorkflowService, cleanText } from '@pit/needs';
import { ParticipationService } from '../participation.service.js';
import type { CarryOverState } from './entities/support-carry-over.entity.js';
import { carryOverEmail } from './merge-email.js';

/** The merge's public reason: also the note of the doublon status in the merged need's history. */
export const MERGE_REASON_LIMITS = { min: 10, max: 1000 } as const;

/** Where a supporter answers: the link of the email, also in the account page. */
export const CARRY_OVER_PATH = '/compte/soutiens';

/** Both ends of a merge and its public reason. */
export interface MergeEnds {
  fromReference: string;
  fromTitle: string;
  intoReference: string;
  intoTitle: string;
  reason: string;
  mergedAt: Date;
}

export interface NeedMergeView extends MergeEnds {
  id: string;
  /** Supporters asked whether to carry their support over (those not already supporting the kept need). */
  requestCount: number;
}

export interface CarryOverView extends MergeEnds {
  id: string;
  state: CarryOverState;
  decidedAt: Date | null;
}

/** A merged or kept need as the public need page links it. */
export interface MergeLink {
  needId: string;
  reference: string;
  title: string;
  mergedAt: Date;
}

const CARRY_OVER_COLUMNS = `c.id, c.state, c.decided_at AS "decidedAt", f.reference AS "fromReference", f.title AS "fromTitle",
       i.reference AS "intoReference", i.title AS "intoTitle", m.reason, m.merged_at AS "mergedAt"`;
const CARRY_OVER_JOINS = `JOIN need_merge m ON m.id = c.merge_id JOIN need f ON f.id = m.from_need_id JOIN need i ON i.id = m.into_need_id`;
/** The merge `m` still stands: its need is doublon and was not reopened and merged again since. */
const IN_FORCE = `EXISTS (SELECT 1 FROM need f2 WHERE f2.id = m.from_need_id AND f2.status = 'duplicate')
  AND NOT EXISTS (SELECT 1 FROM need_merge later WHERE later.from_need_id = m.from_need_id AND later.merged_at > m.merged_at)`;
/** Public statuses: a link never leads to a need awaiting confirmation or hidden. */
const LINKABLE = `NOT IN ('pending_confirmation', 'hidden')`;

/** The workflow names the kept need duplicateOf and the merged need's move status: this operation's input calls them into and reference. */
const FIELD_NAMES: Record<string, string> = { duplicateOf: 'into', status: 'reference', answer: 'reason' };

/**
 * Duplicates (issue 5 item 5): staff merge a need into the one they keep; its supporters are asked
 * whether to carry their support over, and nobody's support moves without their consent.
 */
@Injectable()
export class NeedMergeService {
  private readonly logger = new Logger(NeedMergeService.name);

  constructor(
    private readonly dataSource: DataSource,
    private readonly workflow: NeedWorkflowService,
    private readonly participation: ParticipationService,
    private readonly audit: AuditService,
    private readonly outbox: OutboxService,
    private readonly mail: MailService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /**
   * Merges a need into another, all or nothing: the need becomes doublon through the workflow (its
   * rules and errors; history row, notify-need-change job, audit entry need.status), the need_merge
   * row, one pending support_carry_over per supporter of the merged need who does not support the
   * kept one (its author excepted: nobody supports their own need), the audit entry need.merge and
   * the notify-support-carry-over job. No support moves here.
   */
  async merge(actor: Actor, fromNeedId: string, input: { into: string; reason: string }): Promise<NeedMergeView> {
    const reason = cleanText(input.reason ?? '');
    const into = (input.into ?? '').trim();
    const errors: FieldError[] = [];
    const length = [...reason].length;
    if (!length) errors.push({ field: 'reason', message: 'Indiquez pourquoi ces besoins sont des doublons : ce motif sera affiché publiquement.' });
    else if (length < MERGE_REASON_LIMITS.min || length > MERGE_REASON_LIMITS.max) {
      errors.push({ field: 'reason', message: `Le motif doit compter entre ${MERGE_REASON_LIMITS.min} et ${MERGE_REASON_LIMITS.max} caractères (il en compte ${length}).` });
    }
    if (!into) errors.push({ field: 'into', message: 'Indiquez la référence du besoin conservé (B-XXXXXX).' });
    else if (!normalizeReference(into.slice(0, 40))) errors.push({ field: 'into', message: 'Cette référence n’est pas valide : elle ressemble à B-7K3M9Q.' });
    if (errors.length) throw badUserInput(errors);
    const mergeId = await this.dataSource.transaction(async (manager) => {
      const { keptNeedId } = await renamingFields(() =>
        this.workflow.changeStatusIn(manager, actor, fromNeedId, { status: NeedStatus.Duplicate, duplicateOf: into, answer: reason }),
      );
      const [merge] = await manager.query(`INSERT INTO need_merge (from_need_id, into_need_id, reason, merged_by) VALUES ($1, $2, $3, $4) RETURNING id`, [
        fromNeedId,
        keptNeedId,
        reason,
        actor.personId,
      ]);
      const requests: Array<{ id: string }> = await manager.query(
        `INSERT INTO support_carry_over (merge_id, person_id)
         SELECT $1, s.person_id FROM need_support s
          WHERE s.need_id = $2
            AND NOT EXISTS (SELECT 1 FROM need_support k WHERE k.need_id = $3 AND k.person_id = s.person_id)
            AND s.person_id IS DISTINCT FROM (SELECT author_id FROM need WHERE id = $3)
         ON CONFLICT (merge_id, person_id) DO NOTHING
         RETURNING id`,
        [merge.id, fromNeedId, keptNeedId],
      );
      await this.audit.record(manager, {
        actorId: actor.personId,
        action: 'need.merge',
        subjectType: 'need',
        subjectId: fromNeedId,
        before: null,
        after: { mergeId: merge.id, intoNeedId: keptNeedId, reason, carryOverRequests: requests.length },
      });
      if (requests.length) {
        await this.outbox.enqueue(manager, [{ name: 'notify-support-carry-over', payload: { mergeId: merge.id }, dedupKey: `notify-support-carry-over:${merge.id}` }]);
      }
      return merge.id as string;
    });
    return (await this.mergeView(mergeId))!;
  }

  async mergeView(mergeId: string): Promise<NeedMergeView | null> {
    const [row] = await this.dataSource.query(
      `SELECT m.id, f.reference AS "fromReference", f.title AS "fromTitle", i.reference AS "intoReference", i.title AS "intoTitle", m.reason,
              m.merged_at AS "mergedAt", (SELECT count(*)::int FROM support_carry_over c WHERE c.merge_id = m.id) AS "requestCount"
         FROM need_merge m JOIN need f ON f.id = m.from_need_id JOIN need i ON i.id = m.into_need_id WHERE m.id = $1`,
      [mergeId],
    );
    return row ?? null;
  }

  /**
   * A supporter answers (the caller checked the request is theirs). Accepting carries the support
   * over by the participation lib's own path, in one transaction: a support of the kept need (unique
   * row, one tally shard, the threshold; nothing when they already support it) and the merged need's
   * support withdrawn (−1 on its tally). Declining changes no support. Both are recorded on the
   * request (state, decided_at). Answering the same again changes nothing; the other answer, once
   * given, is refused; so is any answer once the merged need was reopened.
   */
  async respond(actor: Actor, requestId: string, accept: boolean): Promise<CarryOverView> {
    const settle = await this.dataSource.transaction(async (manager) => {
      const [request] = await manager.query(
        `SELECT c.state, c.person_id AS "personId", m.from_need_id AS "fromNeedId", m.into_need_id AS "intoNeedId", i.reference AS "intoReference",
                (${IN_FORCE}) AS "inForce"
           FROM support_carry_over c JOIN need_merge m ON m.id = c.merge_id JOIN need i ON i.id = m.into_need_id
          WHERE c.id = $1 FOR UPDATE OF c`,
        [requestId],
      );
      if (!request || request.personId !== actor.personId) throw badUserInput([{ field: 'id', message: 'Cette demande n’existe pas.' }]);
      const wanted: CarryOverState = accept ? 'accepted' : 'declined';
      if (request.state === wanted) return null;
      if (request.state === 'pending' && !request.inForce) {
        // Staff reopened the merged need (the merge was a mistake): nothing to carry over any more.
        throw badUserInput([{ field: 'id', message: 'Ce besoin n’est plus fusionné : votre soutien reste où il est.' }]);
      }
      if (request.state !== 'pending') {
        throw badUserInput([
          { field: 'accept', message: request.state === 'accepted' ? 'Vous avez déjà reporté votre soutien.' : 'Vous avez déjà choisi de ne pas reporter votre soutien.' },
        ]);
      }
      let outcome: { changed: boolean; engaged: boolean } = { changed: false, engaged: true };
      if (accept) {
        outcome = await this.participation.addSupportIn(manager, request.intoNeedId, actor.personId).catch((error: unknown) => {
          // The kept need closed meanwhile (réalisé, refusé…): say so on this request.
          if (error instanceof GraphQLError && error.extensions.code === BAD_USER_INPUT) {
            throw badUserInput([{ field: 'accept', message: `Le besoin ${request.intoReference} ne peut plus recevoir de soutien : ${error.message}` }]);
          }
          throw error;
        });
        await this.participation.removeSupportIn(manager, request.fromNeedId, actor.personId);
      }
      await manager.query(`UPDATE support_carry_over SET state = $2, decided_at = now() WHERE id = $1`, [requestId, wanted]);
      return outcome.changed && !outcome.engaged ? (request.intoNeedId as string) : null;
    });
    if (settle) await this.participation.settleEngagement(settle);
    return (await this.carryOver(requestId))!;
  }

  async carryOver(requestId: string): Promise<CarryOverView | null> {
    const [row] = await this.dataSource.query(`SELECT ${CARRY_OVER_COLUMNS} FROM support_carry_over c ${CARRY_OVER_JOINS} WHERE c.id = $1`, [requestId]);
    return row ?? null;
  }

  /** A person's requests awaiting their answer (of merges still standing), latest merge first. */
  async pendingFor(personId: string): Promise<CarryOverView[]> {
    return this.dataSource.query(
      `SELECT ${CARRY_OVER_COLUMNS} FROM support_carry_over c ${CARRY_OVER_JOINS}
        WHERE c.person_id = $1 AND c.state = 'pending' AND ${IN_FORCE} ORDER BY m.merged_at DESC, c.id`,
      [personId],
    );
  }

  /** The need each of `needIds` was merged into, while it is doublon (the latest merge), in one query. */
  async mergedInto(needIds: readonly string[]): Promise<Map<string, MergeLink>> {
    const rows: Array<MergeLink & { fromId: string }> = await this.dataSource.query(
      `SELECT DISTINCT ON (m.from_need_id) m.from_need_id AS "fromId", i.id AS "needId", i.reference, i.title, m.merged_at AS "mergedAt"
         FROM need_merge m JOIN need f ON f.id = m.from_need_id JOIN need i ON i.id = m.into_need_id
        WHERE m.from_need_id = ANY($1::uuid[]) AND f.status = 'duplicate' AND i.status ${LINKABLE}
        ORDER BY m.from_need_id, m.merged_at DESC`,
      [[...new Set(needIds)]],
    );
    return new Map(rows.map(({ fromId, ...link }) => [fromId, link]));
  }

  /** The needs merged into each of `needIds` (still doublon of it), oldest merge first, in one query. */
  async mergedFrom(needIds: readonly string[]): Promise<Map<string, MergeLink[]>> {
    const ids = [...new Set(needIds)];
    const result = new Map<string, MergeLink[]>(ids.map((id) => [id, []]));
    const rows: Array<MergeLink & { intoId: string }> = await this.dataSource.query(
      `SELECT * FROM (
         SELECT DISTINCT ON (m.from_need_id) m.into_need_id AS "intoId", f.id AS "needId", f.reference, f.title, m.merged_at AS "mergedAt"
           FROM need_merge m JOIN need f ON f.id = m.from_need_id
          WHERE m.from_need_id IN (SELECT from_need_id FROM need_merge WHERE into_need_id = ANY($1::uuid[])) AND f.status = 'duplicate'
          ORDER BY m.from_need_id, m.merged_at DESC) latest
        WHERE "intoId" = ANY($1::uuid[]) ORDER BY "mergedAt", reference`,
      [ids],
    );
    for (const { intoId, ...link } of rows) result.get(intoId)?.push(link);
    return result;
  }

  /**
   * notify-support-carry-over: emails each supporter with a pending request of the merge (verified
   * address, active account, notifications not off) the link to answer. Once per (merge, person):
   * mail_delivery support-carry-over:<merge>; a second run sends nothing. Returns emails sent.
   */
  async notifyCarryOver(mergeId: string): Promise<number> {
    const people: Array<{ personId: string }> = await this.dataSource.query(
      `SELECT c.person_id AS "personId" FROM support_carry_over c WHERE c.merge_id = $1 AND c.state = 'pending' ORDER BY c.id`,
      [mergeId],
    );
    let sent = 0;
    let failures = 0;
    for (const { personId } of people) {
      try {
        if (await this.dataSource.transaction((manager) => this.emailOne(manager, mergeId, personId))) sent += 1;
      } catch (error) {
        // One failing address must not stop the others; the job fails at the end and its retry sends the missing ones only.
        failures += 1;
        this.logger.error(`carry-over email of merge ${mergeId} to ${personId} failed: ${(error as Error).message}`);
      }
    }
    if (failures) throw new Error(`${failures} carry-over email(s) of merge ${mergeId} failed (${sent} sent)`);
    return sent;
  }

  private async emailOne(manager: EntityManager, mergeId: string, personId: string): Promise<boolean> {
    const [row] = await manager.query(
      `SELECT p.email, f.reference AS "fromReference", f.title AS "fromTitle", i.reference AS "intoReference", i.title AS "intoTitle", m.reason
         FROM support_carry_over c ${CARRY_OVER_JOINS}
         JOIN person p ON p.id = c.person_id
         LEFT JOIN notification_preference pref ON pref.person_id = p.id
        WHERE c.merge_id = $1 AND c.person_id = $2 AND c.state = 'pending' AND ${IN_FORCE}
          AND p.email IS NOT NULL AND p.email_verified_at IS NOT NULL AND p.deactivated_at IS NULL AND COALESCE(pref.mode, 'digest') <> 'off'
        FOR UPDATE OF c`,
      [mergeId, personId],
    );
    if (!row) return false;
    return this.mail.sendOnce(manager, `support-carry-over:${mergeId}`, carryOverEmail(row.email, row, this.config.publicUrl));
  }
}

/** Runs a workflow call, renaming its field errors to this operation's input names. */
async function renamingFields<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    const fields = error instanceof GraphQLError && error.extensions.code === BAD_USER_INPUT ? (error.extensions.fields as FieldError[] | undefined) : undefined;
    if (!fields) throw error;
    throw badUserInput(fields.map(({ field, message }) => ({ field: FIELD_NAMES[field] ?? field, message })));
  }
}

import { randomBytes } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import {
  ASSISTED_CHANNELS,
  MANDATE_CONTACTS,
  MANDATE_DURATIONS,
  NEED_CHANNELS,
  NeedStatus,
  PRIVACY_RETENTION,
  isOneOf,
  normalizePhone,
  normalizeReference,
  referenceFromBytes,
  type AssistedChannel,
  type MandateContact,
  type MandateDuration,
  type NeedChannel,
} from '@pit/domain';
import { AuditService, badUserInput, forbidden, tooManyAttempts, type FieldError } from '@pit/core';
import { AccessService, ThrottleService, type Actor, type RequestInfo } from '@pit/accounts';
import { NeedsService, cleanText, type SubmitNeedCommand } from '../needs.service.js';
import type { NeedView } from '../needs.repository.js';
import { AssistedRepository, type MandateEventRow, type MandateRow, type TodoRow } from './assisted.repository.js';

export interface MandateCommand {
  residentLabel: string;
  contactKind: string;
  contactValue?: string | null;
  duration: string;
  publicationConsent: boolean;
  placePhone?: string | null;
}

export interface AssistedNeedCommand extends SubmitNeedCommand {
  channel: string;
  /** The place (authority) the mediator acts for; defaults to the actor's only mediator or agent place. */
  placeAuthorityId?: string | null;
  mandate: MandateCommand;
}

export interface TrackedNeed {
  reference: string;
  title: string;
  status: NeedStatus;
  communeName: string | null;
  authorityName: string | null;
  lastAnswer: { note: string; at: Date } | null;
  updatedAt: Date;
  placeName: string | null;
  placePhone: string | null;
}

export interface ChannelStatisticsRow {
  communeCode: string;
  communeName: string;
  total: number;
  assisted: number;
  /** Share of assisted needs, in percent with one decimal. */
  assistedShare: number;
  byChannel: Array<{ channel: NeedChannel; count: number }>;
}

/** Statuses that bring no news to the resident: the need's own first steps, moderation, the author's withdrawal. */
const NO_NEWS: readonly string[] = [NeedStatus.PendingConfirmation, NeedStatus.Received, NeedStatus.Transmitted, NeedStatus.Hidden, NeedStatus.Withdrawn];

/** Wrong claim checks allowed per need and per account within an hour. */
/** A need in one of these statuses is closed: its mandate ends PRIVACY_RETENTION.closedNeedMandateDays after. */
export const MANDATE_CLOSED_STATUSES: readonly NeedStatus[] = [
  NeedStatus.Done,
  NeedStatus.Refused,
  NeedStatus.Duplicate,
  NeedStatus.OutOfScope,
  NeedStatus.Withdrawn,
  NeedStatus.Hidden,
];

export const CLAIM_TRIES_PER_NEED = 5;
export const CLAIM_TRIES_PER_PERSON = 10;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const NO_ID = '00000000-0000-0000-0000-000000000000';

/**
 * Assisted intake (issue 6 items 1, 2, 3, 5): a mediator or agent records a need for a resident without
 * an account or email, under a mandate; tracking by code, receipt, claim into an account, status news
 * as to-dos for the mediator's place, the retention of mandate contacts and the channel statistics.
 */
@Injectable()
export class AssistedIntakeService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly needs: NeedsService,
    private readonly repository: AssistedRepository,
    private readonly access: AccessService,
    private readonly audit: AuditService,
    private readonly throttle: ThrottleService,
  ) {}

  /**
   * Records a need for someone else: published at once (no email confirmation) under a generated
   * pseudonym, with its channel, routed as usual. Side effects (one transaction): the need rows and
   * route-need job (NeedsService.submit), the mandate, its journal entry 'created', an audit entry.
   */
  async submit(actor: Actor | null, input: AssistedNeedCommand, request: RequestInfo): Promise<{ need: NeedView; mandate: MandateRow }> {
    if (!actor) await this.access.require(actor, 'need.assist', [NO_ID]);
    const me = actor!;
    const placeId = input.placeAuthorityId?.trim() || this.defaultPlace(me);
    if (!placeId || !UUID.test(placeId)) {
      if (!me.roles.some((grant) => grant.role === 'admin' || grant.role === 'mediator' || grant.role === 'agent')) throw forbidden();
      throw badUserInput([{ field: 'placeAuthorityId', message: 'Choisissez le lieu (la collectivité) pour lequel vous agissez.' }]);
    }
    await this.access.require(me, 'need.assist', [placeId]);

    const errors: FieldError[] = [];
    const channel = input.channel?.trim().toLowerCase();
    if (!isOneOf(ASSISTED_CHANNELS, channel ?? '')) errors.push({ field: 'channel', message: 'Choisissez par quel canal le besoin est arrivé (guichet, France services, téléphone, courrier ou courriel).' });
    const mandate = checkMandate(input.mandate, errors);
    const need = await this.needs.submit(input, me, request, {
      channel: (channel as AssistedChannel) ?? 'guichet',
      errors,
      record: async (manager, needId) => {
        const mandateId = await this.repository.insertMandate(manager, { needId, mediatorId: me.personId, authorityId: placeId, ...mandate!, pseudonym: drawPseudonym() });
        await this.repository.journal(manager, mandateId, 'created', me.personId, `Canal : ${channel}`);
        await this.audit.record(manager, {
          actorId: me.personId,
          action: 'need.assisted_submit',
          subjectType: 'need',
          subjectId: needId,
          before: null,
          after: { channel, mandateId, contactKind: mandate!.contactKind, duration: mandate!.duration, authorityId: placeId },
        });
      },
    });
    return { need, mandate: (await this.repository.byReference(need.reference))! };
  }

  /** The mandate of a need, with its contact and journal: the place's mediators, its recorder, admins. Journaled 'viewed' (or 'receipt'). */
  async mandate(actor: Actor | null, reference: string, use: 'viewed' | 'receipt' = 'viewed'): Promise<{ mandate: MandateRow; events: MandateEventRow[] } | null> {
    const canonical = normalizeReference(reference.slice(0, 40));
    const id = canonical ? await this.repository.idByReference(canonical) : null;
    const me = await this.access.require(actor, 'mandate.manage', [id ?? NO_ID]);
    if (!id) return null;
    await this.dataSource.transaction((manager) => this.repository.journal(manager, id, use, me.personId));
    const mandate = (await this.repository.byReference(canonical!))!;
    return { mandate, events: await this.repository.events(id) };
  }

  /** A place's mandates: its mediators and admins see all, an agent who transcribed needs sees theirs. */
  async placeMandates(actor: Actor | null, authorityId: string): Promise<MandateRow[]> {
    const { me, seeAll } = await this.requirePlace(actor, authorityId);
    return this.repository.placeMandates(authorityId, me.personId, seeAll);
  }

  /**
   * Revokes a mandate (the place or an admin): it ends now and the resident's label and contact are
   * erased; the need stays published under its pseudonym. Side effects: the mandate row, journal
   * entries 'revoked' and 'contact_erased', an audit entry.
   */
  async revoke(actor: Actor | null, reference: string): Promise<MandateRow> {
    const canonical = normalizeReference(reference.slice(0, 40));
    const id = canonical ? await this.repository.idByReference(canonical) : null;
    const me = await this.access.require(actor, 'mandate.manage', [id ?? NO_ID]);
    if (!id) throw badUserInput([{ field: 'reference', message: 'Aucun mandat n’existe pour ce besoin.' }]);
    await this.dataSource.transaction(async (manager) => {
      const current = (await this.repository.byReference(canonical!, manager, true))!;
      if (!(await this.repository.end(manager, id, 'revoked', me.personId))) {
        throw badUserInput([{ field: 'reference', message: 'Ce mandat a déjà pris fin.' }]);
      }
      await this.repository.journal(manager, id, 'revoked', me.personId);
      await this.repository.journal(manager, id, 'contact_erased', me.personId);
      await this.audit.record(manager, {
        actorId: me.personId,
        action: 'mandate.revoke',
        subjectType: 'need',
        subjectId: current.needId,
        before: { mandateId: id, active: current.active },
        after: { mandateId: id, active: false, authorityId: current.authorityId },
      });
    });
    return (await this.repository.byReference(canonical!))!;
  }

  /** /suivi: anyone with the code sees the status and the last public answer; null when no public need has it. */
  async track(code: string): Promise<TrackedNeed | null> {
    const reference = normalizeReference(code.slice(0, 40));
    if (!reference) return null;
    const need = await this.needs.findPublic(reference);
    if (!need) return null;
    const answer = [...need.history].reverse().find((change) => change.note && !NO_NEWS.includes(change.status) && change.status !== NeedStatus.Hidden);
    const [place] = await this.dataSource.query(
      `SELECT a.name AS "placeName", m.place_phone AS "placePhone" FROM need_mandate m JOIN authority a ON a.id = m.authority_id WHERE m.need_id = $1`,
      [need.id],
    );
    const [where] = await this.dataSource.query(
      `SELECT c.name AS "communeName", a.name AS "authorityName" FROM need n JOIN commune c ON c.code = n.commune_code LEFT JOIN authority a ON a.id = n.authority_id WHERE n.id = $1`,
      [need.id],
    );
    const last = need.history.at(-1);
    return {
      reference: need.reference,
      title: need.title,
      status: need.status,
      communeName: where?.communeName ?? null,
      authorityName: where?.authorityName ?? null,
      lastAnswer: answer ? { note: answer.note!, at: answer.at } : null,
      updatedAt: last?.at ?? need.createdAt,
      placeName: place?.placeName ?? null,
      placePhone: place?.placePhone ?? null,
    };
  }

  /**
   * A resident, now with an account, claims a need recorded for them: its code plus the phone number
   * recorded in the mandate. Wrong tries are throttled per need and per account. Side effects: the
   * need's author, the mandate ended ('claimed', contact erased), journal entries 'claimed' and 'contact_erased'.
   */
  async claim(actor: Actor | null, code: string, phone: string): Promise<NeedView> {
    const me = await this.access.require(actor, 'account.self');
    const reference = normalizeReference(code.slice(0, 40));
    if (!reference) throw badUserInput([{ field: 'reference', message: 'Indiquez le code de suivi tel qu’il figure sur le reçu, par exemple B-7K3M9Q.' }]);
    const keys = [`claim:need:${reference}`, `claim:person:${me.personId}`];
    for (const [key, limit] of [[keys[0]!, CLAIM_TRIES_PER_NEED], [keys[1]!, CLAIM_TRIES_PER_PERSON]] as const) {
      const state = await this.throttle.state(key, limit, 3600);
      if (state.blocked) {
        throw tooManyAttempts(`Trop d’essais pour rattacher ce besoin. Réessayez dans ${Math.ceil(state.retryAfterSeconds / 60)} minutes, ou adressez-vous au lieu qui l’a déposé.`, state.retryAfterSeconds);
      }
    }
    const normalized = normalizePhone(phone.slice(0, 40));
    if (!normalized) throw badUserInput([{ field: 'phone', message: 'Indiquez le numéro de téléphone donné au dépôt, 10 chiffres, par exemple 06 12 34 56 78.' }]);
    const needId = await this.dataSource.transaction(async (manager) => {
      const mandate = await this.repository.byReference(reference, manager, true);
      const matches = mandate && mandate.active && mandate.authorId === null && mandate.contactKind === 'phone' && mandate.contactValue === normalized;
      if (!matches) return null;
      await manager.query(`UPDATE need SET author_id = $2, updated_at = now() WHERE id = $1 AND author_id IS NULL`, [mandate.needId, me.personId]);
      await this.repository.end(manager, mandate.id, 'claimed', me.personId);
      await this.repository.journal(manager, mandate.id, 'claimed', me.personId);
      await this.repository.journal(manager, mandate.id, 'contact_erased', me.personId);
      return mandate.needId;
    });
    if (!needId) {
      await this.throttle.record(keys);
      throw badUserInput([{ field: 'phone', message: 'Ce code et ce numéro ne correspondent à aucun besoin à rattacher. Vérifiez le reçu, ou adressez-vous au lieu qui a déposé le besoin.' }]);
    }
    return (await this.needs.findPublic(reference, null, me.personId))!;
  }

  /**
   * Job mediation-status-news: a status change of a need under an active mandate becomes one to-do
   * for the mediator's place (call back, letter, counter). Idempotent: one to-do per status change.
   * Side effects: the to-do and a journal entry 'status_news'. Returns whether it created one.
   */
  async statusNews(needId: string, statusChangeId: string): Promise<boolean> {
    return this.dataSource.transaction(async (manager) => {
      const found = await this.repository.activeMandateForChange(manager, needId, statusChangeId);
      if (!found || NO_NEWS.includes(found.status)) return false;
      const todoId = await this.repository.insertTodo(manager, { mandateId: found.mandateId, authorityId: found.authorityId, statusChangeId, kind: found.contactKind });
      if (!todoId) return false;
      await this.repository.journal(manager, found.mandateId, 'status_news', null, found.status);
      return true;
    });
  }

  /** A place's to-dos (open, or done): its mediators and admins see all, an agent sees those of the mandates they recorded. */
  async todos(actor: Actor | null, authorityId: string, open: boolean): Promise<TodoRow[]> {
    const { me, seeAll } = await this.requirePlace(actor, authorityId);
    return this.repository.todos(authorityId, me.personId, seeAll, open);
  }

  /** One to-do (its printable letter): journaled 'letter' on the mandate. */
  async todo(actor: Actor | null, id: string): Promise<TodoRow | null> {
    const me = await this.access.require(actor, 'mediation.todo', [UUID.test(id) ? id : NO_ID]);
    const todo = await this.repository.todo(id);
    if (todo) await this.dataSource.transaction((manager) => this.repository.journal(manager, todo.mandateId, 'letter', me.personId));
    return todo;
  }

  /** Marks a to-do done, with an optional note (journaled 'todo_done', audited). */
  async completeTodo(actor: Actor | null, id: string, note: string | null): Promise<TodoRow> {
    const me = await this.access.require(actor, 'mediation.todo', [UUID.test(id) ? id : NO_ID]);
    const cleaned = note ? cleanText(note) : '';
    if ([...cleaned].length > 1000) throw badUserInput([{ field: 'note', message: `La note doit compter au plus 1000 caractères (elle en compte ${[...cleaned].length}).` }]);
    await this.dataSource.transaction(async (manager) => {
      const done = await this.repository.completeTodo(manager, id, me.personId, cleaned || null);
      if (!done) throw badUserInput([{ field: 'id', message: 'Cette tâche est déjà faite.' }]);
      await this.repository.journal(manager, done.mandateId, 'todo_done', me.personId, cleaned || null);
      await this.audit.record(manager, { actorId: me.personId, action: 'mediation.todo_done', subjectType: 'mediation_todo', subjectId: id, before: { done: false }, after: { done: true, authorityId: done.authorityId } });
    });
    return (await this.repository.todo(id))!;
  }

  /**
   * Job sweep-mandates (retention, hourly): ends the mandate of every need closed (réalisé, refusé,
   * doublon, hors compétence locale, retiré, masqué) for more than PRIVACY_RETENTION.closedNeedMandateDays
   * days, even if it would run longer, and erases the resident's label and contact of every mandate that
   * ended or expired. `now` is for tests and replays. Idempotent: a second run erases nothing.
   * Side effects: journal 'contact_erased'.
   */
  async sweep(now: Date = new Date()): Promise<number> {
    return this.dataSource.transaction(async (manager) => {
      const closed = await this.repository.eraseClosed(manager, now, PRIVACY_RETENTION.closedNeedMandateDays, MANDATE_CLOSED_STATUSES);
      for (const id of closed) {
        await this.repository.journal(manager, id, 'contact_erased', null, `Besoin clos depuis plus de ${PRIVACY_RETENTION.closedNeedMandateDays} jours.`);
      }
      const ended = await this.repository.eraseEnded(manager, now);
      for (const id of ended) await this.repository.journal(manager, id, 'contact_erased', null, 'Mandat arrivé à son terme.');
      return closed.length + ended.length;
    });
  }

  /** Per commune: needs per channel and the share of assisted ones (admins). */
  async channelStatistics(actor: Actor | null): Promise<ChannelStatisticsRow[]> {
    await this.access.require(actor, 'channel.stats');
    const rows = await this.repository.channelCounts();
    const byCommune = new Map<string, ChannelStatisticsRow>();
    for (const row of rows) {
      let commune = byCommune.get(row.communeCode);
      if (!commune) {
        commune = { communeCode: row.communeCode, communeName: row.communeName, total: 0, assisted: 0, assistedShare: 0, byChannel: NEED_CHANNELS.map((channel) => ({ channel, count: 0 })) };
        byCommune.set(row.communeCode, commune);
      }
      commune.total += row.count;
      commune.assisted += row.assisted;
      const slot = commune.byChannel.find((entry) => entry.channel === row.channel);
      if (slot) slot.count += row.count;
    }
    return [...byCommune.values()].map((commune) => ({ ...commune, assistedShare: commune.total ? Math.round((commune.assisted / commune.total) * 1000) / 10 : 0 }));
  }

  private defaultPlace(actor: Actor): string | null {
    const places = [...new Set(actor.roles.filter((grant) => (grant.role === 'mediator' || grant.role === 'agent') && grant.authorityId).map((grant) => grant.authorityId!))];
    return places.length === 1 ? places[0]! : null;
  }

  private async requirePlace(actor: Actor | null, authorityId: string): Promise<{ me: Actor; seeAll: boolean }> {
    const id = UUID.test(authorityId) ? authorityId : NO_ID;
    const me = await this.access.require(actor, 'need.assist', [id]);
    return { me, seeAll: await this.access.check(me, 'mediation.place', [id]) };
  }
}

/** The mandate's fields, checked; errors name each field (mandate.<name>). */
function checkMandate(input: MandateCommand | null | undefined, errors: FieldError[]) {
  const label = cleanText(input?.residentLabel ?? '');
  if (!label) errors.push({ field: 'residentLabel', message: 'Indiquez le nom ou les initiales de la personne.' });
  else if ([...label].length > 120) errors.push({ field: 'residentLabel', message: 'Le nom ou les initiales doivent compter au plus 120 caractères.' });
  const contactKind = (input?.contactKind ?? '').trim().toLowerCase();
  let contactValue: string | null = null;
  if (!isOneOf(MANDATE_CONTACTS, contactKind)) errors.push({ field: 'contactKind', message: 'Choisissez comment joindre la personne : téléphone, courrier ou guichet.' });
  else if (contactKind === 'phone') {
    contactValue = normalizePhone(input?.contactValue ?? '');
    if (!contactValue) errors.push({ field: 'contactValue', message: 'Indiquez le numéro de téléphone de la personne, 10 chiffres, par exemple 06 12 34 56 78.' });
  } else if (contactKind === 'postal') {
    contactValue = cleanText(input?.contactValue ?? '');
    const length = [...contactValue].length;
    if (length < 10 || length > 500) errors.push({ field: 'contactValue', message: 'Indiquez l’adresse postale complète de la personne (10 à 500 caractères).' });
  }
  const duration = (input?.duration ?? '').trim().toLowerCase();
  if (!isOneOf(MANDATE_DURATIONS, duration)) errors.push({ field: 'duration', message: 'Choisissez la durée du mandat : 1 jour, 6 mois ou 1 an.' });
  if (input?.publicationConsent !== true) {
    errors.push({ field: 'publicationConsent', message: 'Sans l’accord de la personne pour une publication sous pseudonyme, le besoin ne peut pas être publié.' });
  }
  let placePhone: string | null = null;
  if (input?.placePhone?.trim()) {
    placePhone = normalizePhone(input.placePhone);
    if (!placePhone) errors.push({ field: 'placePhone', message: 'Le téléphone du lieu doit compter 10 chiffres, par exemple 02 41 00 00 00.' });
  }
  return { residentLabel: label, contactKind: contactKind as MandateContact, contactValue, duration: duration as MandateDuration, placePhone };
}

/** "Personne accompagnée 7K3M": never derived from the resident's name. */
function drawPseudonym(): string {
  const bytes = randomBytes(32);
  let index = 0;
  return `Personne accompagnée ${referenceFromBytes(() => bytes[index++ % bytes.length]!).slice(2, 6)}`;
}

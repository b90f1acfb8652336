import { randomBytes } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { AUTHOR_EDITABLE_STATUSES, NEED_LIMITS, type NeedChannel, NeedStatus, PAGE_SIZE, SIMILAR_NEEDS_LIMIT, isOneOf, referenceFromBytes, type NeedSort } from '@pit/domain';
import { APP_CONFIG, OutboxService, badUserInput, forbidden, tooManyAttempts, type AppConfig, type FieldError } from '@pit/core';
import { TerritoryService } from '@pit/territory';
import { EmailTokensService, ThrottleService, emailProblem, normalizeEmail, randomToken, tokenHash, type Actor, type RequestInfo } from '@pit/accounts';
import { NeedsRepository, type FeedPosition, type NeedListFilter, type NeedView } from './needs.repository.js';
import { checkPhotos, checkStructure, checkWithdrawalReason, type NeedStructureCommand, type PhotoCommand } from './need-structure.js';
import { NeedPhotosRepository } from './photos/need-photos.repository.js';
import { NeedDraftsRepository } from './drafts/need-drafts.repository.js';
import { ModerationRepository } from './moderation/moderation.repository.js';
import { publicView } from './moderation/hidden-need.js';
import { flagPersonalData, redactNeedText } from './moderation/moderation-sql.js';
import { cleanNeedSearch } from './need-search.js';

export interface SubmitNeedCommand extends NeedStructureCommand {
  title: string;
  description: string;
  categoryKey: string;
  communeCode: string;
  /** Required without an account: the confirmation link goes there. */
  authorEmail?: string | null;
  /** In the name of an organisation the actor represents. */
  organisationId?: string | null;
  photos?: PhotoCommand[] | null;
  /** Published from this draft: it is deleted in the same transaction. */
  draftId?: string | null;
}

/**
 * A need recorded by staff for someone else (assisted intake, transcribed phone/paper/email): no
 * author, no email confirmation, the channel recorded; `record` writes the mandate in the same transaction.
 */
export interface NeedIntake {
  channel: NeedChannel;
  /** Errors of the intake's own fields, reported with the need's. */
  errors: FieldError[];
  record: (manager: EntityManager, needId: string) => Promise<void>;
}

export interface UpdateNeedCommand extends NeedStructureCommand {
  title: string;
  description: string;
}


// Control characters other than tab and line breaks never belong in a need.
const FORBIDDEN_CHARACTERS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F\uFFFE\uFFFF]/;

/** Trims, normalises to NFC and unifies line breaks. */
export function cleanText(value: string): string {
  return value.normalize('NFC').replace(/\r\n?/g, '\n').trim();
}

/** Checks a submission's text fields; the messages are the ones residents read. */
export function validateNeedText(command: Pick<SubmitNeedCommand, 'title' | 'description'>): FieldError[] {
  const errors: FieldError[] = [];
  const { title, description } = NEED_LIMITS;
  const titleLength = [...command.title].length;
  if (!titleLength) errors.push({ field: 'title', message: 'Indiquez un titre.' });
  else if (titleLength < title.min || titleLength > title.max)
    errors.push({ field: 'title', message: `Le titre doit compter entre ${title.min} et ${title.max} caractères (il en compte ${titleLength}).` });
  else if (FORBIDDEN_CHARACTERS.test(command.title) || command.title.includes('\n'))
    errors.push({ field: 'title', message: 'Le titre contient des caractères non autorisés (retours à la ligne ou caractères de contrôle).' });

  const descriptionLength = [...command.description].length;
  if (!descriptionLength) errors.push({ field: 'description', message: 'Décrivez votre besoin.' });
  else if (descriptionLength < description.min || descriptionLength > description.max)
    errors.push({
      field: 'description',
      message: `La description doit compter entre ${description.min} et ${description.max} caractères (elle en compte ${descriptionLength}).`,
    });
  else if (FORBIDDEN_CHARACTERS.test(command.description))
    errors.push({ field: 'description', message: 'La description contient des caractères de contrôle non autorisés.' });
  return errors;
}

@Injectable()
export class NeedsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly repository: NeedsRepository,
    private readonly territory: TerritoryService,
    private readonly outbox: OutboxService,
    private readonly tokens: EmailTokensService,
    private readonly throttle: ThrottleService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly photos: NeedPhotosRepository,
    private readonly drafts: NeedDraftsRepository,
    private readonly moderation: ModerationRepository,
  ) {}

  /**
   * Records a need and, in the same transaction, the job that routes it. With an account it is *reçu*;
   * without, it waits for its author to open the emailed link (*en attente de confirmation*) while
   * routing runs. Side effects: need, status-history and outbox rows (route-need; send-token-email).
   */
  async submit(
    input: SubmitNeedCommand,
    actor: Actor | null = null,
    request: RequestInfo = { clientIp: null, userAgent: null },
    intake: NeedIntake | null = null,
  ): Promise<NeedView & { viewToken: string | null }> {
    const command: SubmitNeedCommand = {
      title: cleanText(input.title),
      description: cleanText(input.description),
      categoryKey: input.categoryKey.trim(),
      communeCode: input.communeCode.trim(),
      authorEmail: actor || intake ? null : normalizeEmail(input.authorEmail ?? ''),
    };
    const errors = [...(intake?.errors ?? []), ...validateNeedText(command)];
    const structure = checkStructure(input, errors);
    const photos = checkPhotos(input.photos, errors);
    // The chosen address fixes the commune (its INSEE citycode), which must be one of the territory's.
    if (structure.address) {
      if (await this.territory.commune(structure.address.citycode)) command.communeCode = structure.address.citycode;
      else errors.push({ field: 'address', message: 'Cette adresse est hors du Pôle métropolitain Loire Angers : choisissez une adresse de l’une de ses 65 communes.' });
    }
    let organisationId: string | null = null;
    if (input.organisationId) {
      const represented = actor && UUID.test(input.organisationId) ? await this.repository.representedOrganisation(actor.personId, input.organisationId) : null;
      if (!represented) errors.push({ field: 'organisationId', message: 'Vous ne représentez pas cette organisation : déposez le besoin en votre nom.' });
      else organisationId = input.organisationId;
    }
    if (input.draftId && (!actor || !UUID.test(input.draftId))) errors.push({ field: 'draftId', message: 'Ce brouillon n’existe plus.' });
    if (!actor && !intake) {
      const problem = command.authorEmail
        ? emailProblem(command.authorEmail)
        : 'Indiquez votre adresse électronique : nous vous enverrons un lien pour publier votre besoin.';
      if (problem) errors.push({ field: 'authorEmail', message: problem });
    }
    if (!command.categoryKey) errors.push({ field: 'categoryKey', message: 'Choisissez un thème.' });
    else if (!(await this.territory.category(command.categoryKey)))
      errors.push({ field: 'categoryKey', message: "Ce thème n'existe pas : choisissez-en un dans la liste." });
    if (!command.communeCode) errors.push({ field: 'communeCode', message: 'Choisissez une commune.' });
    else if (!(await this.territory.commune(command.communeCode)))
      errors.push({ field: 'communeCode', message: "Cette commune ne fait pas partie du Pôle métropolitain Loire Angers : choisissez-en une dans la liste." });
    if (errors.length) throw badUserInput(errors);
    // Phone numbers and email addresses never reach the public text; the need is flagged for moderation.
    const redacted = redactNeedText(command);
    Object.assign(command, redacted.text);

    const throttleKey = !actor && request.clientIp ? `submit:ip:${request.clientIp}` : null;
    if (throttleKey) {
      // Per client address and hour (ANONYMOUS_SUBMISSIONS_PER_HOUR): a France services counter stays well below.
      const state = await this.throttle.state(throttleKey, this.config.anonymousSubmissionsPerHour, 3600);
      if (state.blocked) {
        throw tooManyAttempts(
          `Trop de besoins déposés sans compte depuis ce réseau. Réessayez dans ${Math.ceil(state.retryAfterSeconds / 60)} minutes, ou connectez-vous.`,
          state.retryAfterSeconds,
        );
      }
    }
    const status = actor ? NeedStatus.Received : NeedStatus.PendingConfirmation;
    const viewToken = actor ? null : randomToken();
    const needId = await this.dataSource.transaction(async (manager) => {
      let id: string | null = null;
      for (let attempt = 0; !id; attempt++) {
        if (attempt === 5) throw new Error('Could not draw a free need reference in 5 attempts');
        const bytes = randomBytes(32);
        let index = 0;
        const reference = referenceFromBytes(() => bytes[index++ % bytes.length]!);
        id = await this.repository.insertNeed(manager, {
          ...command,
          reference,
          status,
          authorId: intake ? null : (actor?.personId ?? null),
          authorEmail: command.authorEmail || null,
          authorViewHash: viewToken ? tokenHash(viewToken) : null,
          kind: structure.kind,
          affectedGroups: structure.affectedGroups,
          frequency: structure.frequency,
          peopleRange: structure.peopleRange,
          addressLabel: structure.address?.label ?? null,
          addressLat: structure.address?.lat ?? null,
          addressLon: structure.address?.lon ?? null,
          organisationId,
        });
      }
      await this.attachPhotos(manager, photos, actor, { needId: id });
      await flagPersonalData(manager, 'need', id, redacted.kinds);
      if (input.draftId && actor && !(await this.drafts.delete(manager, actor.personId, input.draftId))) {
        throw badUserInput([{ field: 'draftId', message: 'Ce brouillon n’existe plus : il a peut-être déjà été publié.' }]);
      }
      await this.repository.insertStatusChange(manager, id, status, null);
      if (intake) {
        await manager.query(`UPDATE need SET channel = $2 WHERE id = $1`, [id, intake.channel]);
        await intake.record(manager, id);
      }
      await this.outbox.enqueue(manager, [{ name: 'route-need', payload: { needId: id }, dedupKey: `route-need:${id}` }]);
      if (!actor) await this.tokens.issue(manager, { purpose: 'confirm_need', email: command.authorEmail!, subjectId: id });
      if (throttleKey) await this.throttle.record([throttleKey], manager);
      return id;
    });
    return { ...(await this.repository.findById(needId))!, viewToken };
  }

  /**
   * Publishes a need submitted without an account, from the emailed link. Its status becomes what
   * routing decided (transmis, hors compétence locale), or reçu while routing has not run yet.
   * Side effects: the need's status and one status-history row.
   */
  async confirm(secret: string): Promise<NeedView> {
    const needId = await this.dataSource.transaction(async (manager) => {
      const token = await this.tokens.consume(manager, 'confirm_need', secret);
      const routed = await this.repository.lockForRouting(manager, token.subjectId!);
      if (!routed) throw badUserInput([{ field: 'token', message: "Ce besoin n'existe plus." }]);
      if (routed.status === NeedStatus.PendingConfirmation) {
        const level = routed.currentRoutingId ? await this.repository.routingLevel(manager, routed.currentRoutingId) : null;
        const status = level === null ? NeedStatus.Received : level === 'X' ? NeedStatus.OutOfScope : NeedStatus.Transmitted;
        await this.repository.setStatus(manager, token.subjectId!, status);
        await this.repository.insertStatusChange(manager, token.subjectId!, status, 'Publié par son auteur.');
        // Routed while unconfirmed, its agents were not told then (alert-staff-new-need skips those): now.
        if (routed.currentRoutingId) {
          await this.outbox.enqueue(manager, [
            { name: 'alert-staff-new-need', payload: { needId: token.subjectId!, routingId: routed.currentRoutingId }, dedupKey: `alert-staff-new-need:confirmed:${token.subjectId}` },
          ]);
        }
      }
      return token.subjectId!;
    });
    return (await this.repository.findById(needId))!;
  }

  /**
   * A public need; one awaiting confirmation, or held by pre-moderation, only for its author (logged in
   * as `viewerId`, or the browser holding their view token). A hidden need shows its reason only.
   */
  async findPublic(reference: string, viewToken: string | null = null, viewerId: string | null = null): Promise<NeedView | null> {
    const need = await this.repository.findByReference(reference);
    if (!need) return null;
    const own = viewerId !== null && need.authorId === viewerId;
    const tokenMatches = async () => Boolean(viewToken && (await this.repository.viewTokenMatches(need.id, tokenHash(viewToken))));
    if (need.status === NeedStatus.PendingConfirmation) return own || (await tokenMatches()) ? need : null;
    if (!own && (await this.moderation.isHeld(need.id)) && !(await tokenMatches())) return null;
    return own ? need : publicView(need);
  }

  async list(filter: NeedListFilter, first: number | null | undefined, after: string | null | undefined, sort: NeedSort = 'newest') {
    const size = Math.min(Math.max(first ?? PAGE_SIZE.default, 1), PAGE_SIZE.max);
    const q = cleanNeedSearch(filter.q);
    const page = await this.repository.list({ ...filter, q }, sort, size, after ? decodeCursor(after, sort) : null);
    // The public list shows hidden needs by their reason only; the author's and the inbox's show everything.
    return filter.authorId || filter.authorityId ? page : { ...page, items: page.items.map(publicView) };
  }

  /** Public needs that look like the one being written (at most 5, same commune first, then same EPCI). */
  async similar(input: { title: string; description?: string | null; communeCode?: string | null }): Promise<NeedView[]> {
    const title = cleanText(input.title).slice(0, NEED_LIMITS.title.max);
    const description = cleanText(input.description ?? '').slice(0, NEED_LIMITS.description.max);
    if ([...title].length < 3) return [];
    const communeCode = input.communeCode && /^\d[\dAB]\d{3}$/.test(input.communeCode) ? input.communeCode : null;
    return this.repository.similar({ title, description }, communeCode, SIMILAR_NEEDS_LIMIT);
  }

  /** The need's id (any status) for an authorization check; null when unknown. */
  async idByReference(reference: string): Promise<string | null> {
    return (await this.repository.findByReference(reference))?.id ?? null;
  }

  /**
   * Its author edits a need while it is reçu or transmis (before *en étude*); the commune and theme stay
   * (they decided the routing). Side effects: the need's fields and edited_at ("modifié le …").
   */
  async update(actor: Actor, reference: string, input: UpdateNeedCommand): Promise<NeedView> {
    const text = { title: cleanText(input.title), description: cleanText(input.description) };
    const errors = validateNeedText(text);
    const structure = checkStructure({ ...input, address: null }, errors);
    if (errors.length) throw badUserInput(errors);
    const redacted = redactNeedText(text);
    const needId = await this.dataSource.transaction(async (manager) => {
      const need = await this.lockOwn(manager, actor, reference);
      const current = (await this.repository.findById(need.id, manager))!;
      await flagPersonalData(manager, 'need', need.id, redacted.kinds);
      await this.repository.updateByAuthor(manager, need.id, {
        ...redacted.text,
        kind: structure.kind,
        affectedGroups: structure.affectedGroups,
        frequency: structure.frequency,
        peopleRange: structure.peopleRange,
        addressLabel: current.addressLabel,
        addressLat: current.addressLat,
        addressLon: current.addressLon,
      });
      return need.id;
    });
    return (await this.repository.findById(needId))!;
  }

  /**
   * Its author withdraws a need while it is reçu or transmis: it stays public as *retiré par son auteur*,
   * with the reason they gave. Side effects: the need's status and one status-history row.
   */
  async withdraw(actor: Actor, reference: string, reason: string | null | undefined): Promise<NeedView> {
    const errors: FieldError[] = [];
    const note = checkWithdrawalReason(reason, errors);
    if (errors.length) throw badUserInput(errors);
    const needId = await this.dataSource.transaction(async (manager) => {
      const need = await this.lockOwn(manager, actor, reference);
      await this.repository.setStatus(manager, need.id, NeedStatus.Withdrawn);
      await this.repository.insertStatusChange(manager, need.id, NeedStatus.Withdrawn, note ? `Retiré par son auteur : ${note}` : 'Retiré par son auteur.');
      return need.id;
    });
    return (await this.repository.findById(needId))!;
  }

  private async lockOwn(manager: EntityManager, actor: Actor, reference: string) {
    const need = await this.repository.lockForAuthor(manager, reference);
    if (!need || need.authorId !== actor.personId) throw forbidden('Seul l’auteur de ce besoin peut le modifier ou le retirer.');
    if (!isOneOf(AUTHOR_EDITABLE_STATUSES, need.status)) {
      throw badUserInput([
        { field: 'reference', message: 'La collectivité étudie déjà ce besoin (ou y a répondu) : il ne peut plus être modifié ni retiré. Vous pouvez le commenter.' },
      ]);
    }
    return need;
  }

  /**
   * Attaches uploaded photos (by their tokens) to a need or a draft, in the caller's transaction.
   * A token uploaded by someone else, already used by a need, or unknown is refused (field photoNAlt's photo).
   */
  async attachPhotos(manager: EntityManager, photos: PhotoCommand[], actor: Actor | null, target: { needId: string } | { draftId: string }): Promise<void> {
    if (!photos.length) return;
    const hashes = photos.map((photo) => tokenHash(photo.token));
    const rows = await this.photos.lockByTokens(manager, hashes);
    const errors: FieldError[] = [];
    for (const [i, photo] of photos.entries()) {
      const row = rows.find((candidate) => candidate.tokenHash.equals(hashes[i]!));
      const mine = row && (row.uploadedBy === null || row.uploadedBy === actor?.personId);
      const free = row && row.needId === null && ('needId' in target || row.draftId === null || row.draftId === target.draftId);
      if (!row || !mine || !free) {
        errors.push({ field: `photo${i + 1}`, message: `La photo ${i + 1} n’est plus disponible : envoyez-la à nouveau.` });
        continue;
      }
      if ('needId' in target) await this.photos.attachToNeed(manager, row.id, target.needId, i + 1, photo.alt);
      else await this.photos.attachToDraft(manager, row.id, target.draftId, photo.alt || null);
    }
    if (errors.length) throw badUserInput(errors);
  }
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/;

/** The cursor carries the sort it was made for: a cursor of another sort is refused. */
export function encodeCursor(position: FeedPosition): string {
  return Buffer.from(`${position.sort}|${position.key}|${position.id}`, 'utf8').toString('base64url');
}

export function decodeCursor(cursor: string, sort: NeedSort = 'newest'): FeedPosition {
  const [cursorSort, key, id] = Buffer.from(cursor, 'base64url').toString('utf8').split('|');
  const keyValid = sort === 'most_supported' ? /^\d{1,18}$/.test(key ?? '') : TIMESTAMP.test(key ?? '');
  const valid = cursorSort === sort && key && keyValid && id && /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/.test(id);
  if (!valid) throw badUserInput([{ field: 'after', message: "Ce curseur de pagination n'est pas valide : repartez de la première page." }]);
  return { sort, key: key!, id: id! };
}

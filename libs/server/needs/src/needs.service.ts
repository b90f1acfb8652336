import { randomBytes } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { NEED_LIMITS, NeedStatus, PAGE_SIZE, referenceFromBytes } from '@pit/domain';
import { APP_CONFIG, OutboxService, badUserInput, tooManyAttempts, type AppConfig, type FieldError } from '@pit/core';
import { TerritoryService } from '@pit/territory';
import { EmailTokensService, ThrottleService, emailProblem, normalizeEmail, randomToken, tokenHash, type Actor, type RequestInfo } from '@pit/accounts';
import { NeedsRepository, type FeedPosition, type NeedListFilter, type NeedView } from './needs.repository.js';

export interface SubmitNeedCommand {
  title: string;
  description: string;
  categoryKey: string;
  communeCode: string;
  /** Required without an account: the confirmation link goes there. */
  authorEmail?: string | null;
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
  ) {}

  /**
   * Records a need and, in the same transaction, the job that routes it. With an account it is *reçu*;
   * without, it waits for its author to open the emailed link (*en attente de confirmation*) while
   * routing runs. Side effects: need, status-history and outbox rows (route-need; send-token-email).
   */
  async submit(input: SubmitNeedCommand, actor: Actor | null = null, request: RequestInfo = { clientIp: null, userAgent: null }): Promise<NeedView & { viewToken: string | null }> {
    const command: SubmitNeedCommand = {
      title: cleanText(input.title),
      description: cleanText(input.description),
      categoryKey: input.categoryKey.trim(),
      communeCode: input.communeCode.trim(),
      authorEmail: actor ? null : normalizeEmail(input.authorEmail ?? ''),
    };
    const errors = validateNeedText(command);
    if (!actor) {
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
          authorId: actor?.personId ?? null,
          authorEmail: command.authorEmail || null,
          authorViewHash: viewToken ? tokenHash(viewToken) : null,
        });
      }
      await this.repository.insertStatusChange(manager, id, status, null);
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
      }
      return token.subjectId!;
    });
    return (await this.repository.findById(needId))!;
  }

  /** A public need; one awaiting confirmation only for the browser holding its author's view token. */
  async findPublic(reference: string, viewToken: string | null = null): Promise<NeedView | null> {
    const need = await this.repository.findByReference(reference);
    if (!need) return null;
    if (need.status !== NeedStatus.PendingConfirmation) return need;
    return viewToken && (await this.repository.viewTokenMatches(need.id, tokenHash(viewToken))) ? need : null;
  }

  async list(filter: NeedListFilter, first: number | null | undefined, after: string | null | undefined) {
    const size = Math.min(Math.max(first ?? PAGE_SIZE.default, 1), PAGE_SIZE.max);
    return this.repository.list(filter, size, after ? decodeCursor(after) : null);
  }
}

export function encodeCursor(position: FeedPosition): string {
  return Buffer.from(`${position.createdAt}|${position.id}`, 'utf8').toString('base64url');
}

export function decodeCursor(cursor: string): FeedPosition {
  const [createdAt, id] = Buffer.from(cursor, 'base64url').toString('utf8').split('|');
  const valid =
    createdAt && id && /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/.test(createdAt) && /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/.test(id);
  if (!valid) throw badUserInput([{ field: 'after', message: "Ce curseur de pagination n'est pas valide : repartez de la première page." }]);
  return { createdAt, id };
}

import { randomBytes } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { NEED_LIMITS, NeedStatus, PAGE_SIZE, referenceFromBytes } from '@pit/domain';
import { OutboxService, badUserInput, type FieldError } from '@pit/core';
import { TerritoryService } from '@pit/territory';
import { NeedsRepository, type FeedPosition, type NeedListFilter, type NeedView } from './needs.repository.js';

export interface SubmitNeedCommand {
  title: string;
  description: string;
  categoryKey: string;
  communeCode: string;
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
  ) {}

  /**
   * Records a need as *reçu* and, in the same transaction, the job that routes it.
   * Side effects: one need row, one status-history row, one outbox row (route-need).
   */
  async submit(input: SubmitNeedCommand): Promise<NeedView> {
    const command: SubmitNeedCommand = {
      title: cleanText(input.title),
      description: cleanText(input.description),
      categoryKey: input.categoryKey.trim(),
      communeCode: input.communeCode.trim(),
    };
    const errors = validateNeedText(command);
    if (!command.categoryKey) errors.push({ field: 'categoryKey', message: 'Choisissez un thème.' });
    else if (!(await this.territory.category(command.categoryKey)))
      errors.push({ field: 'categoryKey', message: "Ce thème n'existe pas : choisissez-en un dans la liste." });
    if (!command.communeCode) errors.push({ field: 'communeCode', message: 'Choisissez une commune.' });
    else if (!(await this.territory.commune(command.communeCode)))
      errors.push({ field: 'communeCode', message: "Cette commune ne fait pas partie du Pôle métropolitain Loire Angers : choisissez-en une dans la liste." });
    if (errors.length) throw badUserInput(errors);

    const needId = await this.dataSource.transaction(async (manager) => {
      let id: string | null = null;
      for (let attempt = 0; !id; attempt++) {
        if (attempt === 5) throw new Error('Could not draw a free need reference in 5 attempts');
        const bytes = randomBytes(32);
        let index = 0;
        const reference = referenceFromBytes(() => bytes[index++ % bytes.length]!);
        id = await this.repository.insertNeed(manager, { ...command, reference, status: NeedStatus.Received });
      }
      await this.repository.insertStatusChange(manager, id, NeedStatus.Received, null);
      await this.outbox.enqueue(manager, [{ name: 'route-need', payload: { needId: id }, dedupKey: `route-need:${id}` }]);
      return id;
    });
    return (await this.repository.findById(needId))!;
  }

  async findPublic(reference: string): Promise<NeedView | null> {
    const need = await this.repository.findByReference(reference);
    return need && need.status !== NeedStatus.PendingConfirmation ? need : null;
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

import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { badUserInput, type FieldError } from '@pit/core';
import type { Actor } from '@pit/accounts';
import { PHOTO_LIMITS } from '@pit/domain';
import { NeedsService } from '../needs.service.js';
import { NeedDraftsRepository, type DraftRow } from './need-drafts.repository.js';
import { NeedPhotosRepository } from '../photos/need-photos.repository.js';
import { NeedPhotosService } from '../photos/need-photos.service.js';

/** What a draft keeps: the form's values, unchecked until publishing (only sizes are bounded). */
export interface DraftPayload {
  title: string;
  description: string;
  kind: string;
  categoryKey: string;
  communeCode: string;
  affectedGroups: string[];
  frequency: string;
  peopleRange: string;
  addressLabel: string;
  addressCitycode: string;
  addressLat: number | null;
  addressLon: number | null;
  organisationId: string;
  photos: Array<{ token: string; alt: string }>;
}

const TEXT_MAX = 6000;

export function cleanDraftPayload(input: Partial<DraftPayload>, errors: FieldError[]): DraftPayload {
  const text = (value: unknown, max = 300) => (typeof value === 'string' ? value.normalize('NFC').slice(0, max) : '');
  const photos = (input.photos ?? []).slice(0, PHOTO_LIMITS.maxPerNeed + 1).map((photo) => ({ token: text(photo.token, 100), alt: text(photo.alt, 300) }));
  if (photos.length > PHOTO_LIMITS.maxPerNeed) errors.push({ field: 'photos', message: `Vous pouvez joindre ${PHOTO_LIMITS.maxPerNeed} photos au plus.` });
  const payload: DraftPayload = {
    title: text(input.title, 200),
    description: text(input.description, TEXT_MAX),
    kind: text(input.kind, 20),
    categoryKey: text(input.categoryKey, 60),
    communeCode: text(input.communeCode, 5),
    affectedGroups: (input.affectedGroups ?? []).slice(0, 10).map((group) => text(group, 40)),
    frequency: text(input.frequency, 40),
    peopleRange: text(input.peopleRange, 40),
    addressLabel: text(input.addressLabel, 300),
    addressCitycode: text(input.addressCitycode, 5),
    addressLat: typeof input.addressLat === 'number' && Number.isFinite(input.addressLat) ? input.addressLat : null,
    addressLon: typeof input.addressLon === 'number' && Number.isFinite(input.addressLon) ? input.addressLon : null,
    organisationId: text(input.organisationId, 40),
    photos: photos.slice(0, PHOTO_LIMITS.maxPerNeed),
  };
  if (!payload.title.trim() && !payload.description.trim()) errors.push({ field: 'title', message: 'Indiquez au moins un titre pour enregistrer le brouillon.' });
  return payload;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

@Injectable()
export class NeedDraftsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly repository: NeedDraftsRepository,
    private readonly needs: NeedsService,
    private readonly photos: NeedPhotosRepository,
    private readonly photoFiles: NeedPhotosService,
  ) {}

  /** Creates or replaces a draft of the actor's; its photos are kept with it. Side effects: the draft row, photo rows' draft_id. */
  async save(actor: Actor, draftId: string | null | undefined, input: Partial<DraftPayload>): Promise<DraftRow> {
    const errors: FieldError[] = [];
    const payload = cleanDraftPayload(input, errors);
    if (draftId && !UUID.test(draftId)) errors.push({ field: 'draftId', message: 'Ce brouillon n’existe plus.' });
    if (errors.length) throw badUserInput(errors);
    const id = await this.dataSource.transaction(async (manager) => {
      let id = draftId ?? null;
      if (id) {
        if (!(await this.repository.update(manager, actor.personId, id, { ...payload }))) throw badUserInput([{ field: 'draftId', message: 'Ce brouillon n’existe plus.' }]);
      } else {
        id = await this.repository.insert(manager, actor.personId, { ...payload });
      }
      await this.needs.attachPhotos(manager, payload.photos, actor, { draftId: id });
      return id;
    });
    return (await this.repository.find(actor.personId, id))!;
  }

  list(actor: Actor): Promise<DraftRow[]> {
    return this.repository.list(actor.personId);
  }

  find(actor: Actor, draftId: string): Promise<DraftRow | null> {
    return UUID.test(draftId) ? this.repository.find(actor.personId, draftId) : Promise.resolve(null);
  }

  /** Deletes a draft of the actor's with its photos (rows in the transaction, files after it). */
  async delete(actor: Actor, draftId: string): Promise<boolean> {
    if (!UUID.test(draftId)) return false;
    const { deleted, keys } = await this.dataSource.transaction(async (manager) => {
      const keys = await this.photos.storageKeysOfDraft(manager, draftId);
      return { deleted: await this.repository.delete(manager, actor.personId, draftId), keys };
    });
    if (deleted) await this.photoFiles.deleteFiles(keys);
    return deleted;
  }
}

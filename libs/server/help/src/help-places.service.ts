import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AuditService, badUserInput, type FieldError } from '@pit/core';
import { TerritoryService } from '@pit/territory';
import type { Actor } from '@pit/accounts';
import { helpPlaceErrors, type HelpPlaceFields } from './help-place-schema.js';
import { HelpPlacesRepository, type HelpPlaceRow } from './help-places.repository.js';

/** What an admin sends: the place's fields (the commune's name comes from the territory). */
export type SaveHelpPlaceCommand = { id?: string | null } & { [K in Exclude<keyof HelpPlaceFields, 'communeName'>]?: HelpPlaceFields[K] | null };

/**
 * The places that help with digital procedures, shown on /aide. Admins create, change and delete
 * them; each write is checked against the La MedNum/ANCT schema and audited (help_place.create,
 * .update, .delete with before/after) in its transaction. Authorization (help.manage) is the resolver's.
 */
@Injectable()
export class HelpPlacesService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly places: HelpPlacesRepository,
    private readonly territory: TerritoryService,
    private readonly audit: AuditService,
  ) {}

  /** The places of a commune's intercommunality, its own first; all of them without a commune. Unknown commune: none. */
  async list(communeCode: string | null): Promise<HelpPlaceRow[]> {
    const code = communeCode?.trim() || null;
    if (code !== null && !(await this.territory.commune(code.slice(0, 5)))) return [];
    return this.places.list(code);
  }

  find(id: string): Promise<HelpPlaceRow | null> {
    return this.places.find(id);
  }

  /** Creates a place, or changes one (`id`). BAD_USER_INPUT names each field at fault. */
  async save(actor: Actor, command: SaveHelpPlaceCommand): Promise<HelpPlaceRow> {
    const errors: FieldError[] = [];
    const communeCode = text(command.communeCode) ?? '';
    const commune = /^[0-9AB]{5}$/.test(communeCode) ? await this.territory.commune(communeCode) : null;
    if (!commune) errors.push({ field: 'communeCode', message: 'Choisissez une commune du territoire.' });
    const fields: HelpPlaceFields = {
      name: text(command.name) ?? '',
      pivot: (text(command.pivot) ?? '00000000000000').replace(/\s/g, ''),
      street: text(command.street) ?? '',
      addressComplement: text(command.addressComplement),
      postalCode: text(command.postalCode) ?? '',
      communeCode,
      communeName: commune?.name ?? 'Commune',
      latitude: command.latitude ?? null,
      longitude: command.longitude ?? null,
      typologies: list(command.typologies),
      services: list(command.services),
      phone: text(command.phone),
      emails: list(command.emails),
      websites: list(command.websites),
      openingHours: text(command.openingHours),
      summary: text(command.summary),
      accessModes: list(command.accessModes),
      supportModes: list(command.supportModes),
      fees: list(command.fees),
      publics: list(command.publics),
      appointmentUrl: text(command.appointmentUrl),
    };
    for (const error of helpPlaceErrors(fields)) if (!errors.some((known) => known.field === error.field)) errors.push(error);
    if (commune && /^\d{5}$/.test(fields.postalCode) && !commune.postcodes.includes(fields.postalCode)) {
      errors.push({ field: 'postalCode', message: `${commune.name} a pour code postal ${commune.postcodes.join(' ou ')}.` });
    }
    if (errors.length) throw badUserInput(errors);

    return this.dataSource.transaction(async (manager) => {
      const before = command.id ? await this.places.find(command.id, manager) : null;
      if (command.id && !before) throw badUserInput([{ field: 'id', message: 'Ce lieu n’existe pas (ou plus).' }]);
      const id = (await this.places.save(manager, before?.id ?? null, fields))!;
      const after = (await this.places.find(id, manager))!;
      await this.audit.record(manager, {
        actorId: actor.personId,
        action: before ? 'help_place.update' : 'help_place.create',
        subjectType: 'help_place',
        subjectId: id,
        before: before ? auditView(before) : null,
        after: auditView(after),
        authorityId: null,
      });
      return after;
    });
  }

  async delete(actor: Actor, id: string): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      const before = await this.places.find(id, manager);
      if (!before) throw badUserInput([{ field: 'id', message: 'Ce lieu n’existe pas (ou plus).' }]);
      await this.places.delete(manager, id);
      await this.audit.record(manager, { actorId: actor.personId, action: 'help_place.delete', subjectType: 'help_place', subjectId: id, before: auditView(before), after: null, authorityId: null });
    });
  }
}

function text(value: string | null | undefined): string | null {
  const trimmed = value?.replace(/\s+/g, ' ').trim();
  return trimmed ? trimmed : null;
}

function list(values: string[] | null | undefined): string[] {
  return [...new Set((values ?? []).map((value) => value.trim()).filter(Boolean))];
}

function auditView(row: HelpPlaceRow): Record<string, unknown> {
  const { id: _id, updatedAt: _updatedAt, ...fields } = row;
  return fields;
}

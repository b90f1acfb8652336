import { Args, ID, Mutation, Query, Resolver } from '@nestjs/graphql';
import { AccessService, type Actor } from '@pit/accounts';
import { CurrentActor } from '@pit/accounts/graphql';
import { HELP_PLACE_VALUES, toSchemaRow } from '../help-place-schema.js';
import { openingHoursInFrench } from '../opening-hours.js';
import type { HelpPlaceRow } from '../help-places.repository.js';
import { HelpPlacesService } from '../help-places.service.js';
import { HelpPlaceChoicesType, HelpPlaceSchemaRowType, HelpPlaceType, SaveHelpPlaceInput } from './help.types.js';

/** The `source` of the rows this platform publishes. */
const SCHEMA_SOURCE = 'Plateforme d’Intelligence Territoriale — Pôle métropolitain Loire Angers';

/** Where to get help: public reads; admins edit the places (help.manage). */
@Resolver(() => HelpPlaceType)
export class HelpResolver {
  constructor(
    private readonly access: AccessService,
    private readonly places: HelpPlacesService,
  ) {}

  @Query(() => [HelpPlaceType], {
    description: 'Places that help with digital procedures: those of the commune (INSEE code) first, then the rest of its intercommunality; all without a commune. Public',
  })
  async helpPlaces(@Args('communeCode', { type: () => String, nullable: true }) communeCode: string | null): Promise<HelpPlaceType[]> {
    return (await this.places.list(communeCode)).map(toHelpPlaceType);
  }

  @Query(() => HelpPlaceType, { nullable: true, description: 'One help place. Public' })
  async helpPlace(@Args('id', { type: () => ID }) id: string): Promise<HelpPlaceType | null> {
    const row = await this.places.find(id);
    return row ? toHelpPlaceType(row) : null;
  }

  @Query(() => [HelpPlaceSchemaRowType], {
    description: 'Every help place as a row of the La MedNum/ANCT open-data schema (open data; the example places are left out). Public',
  })
  async helpPlacesSchemaRows(): Promise<HelpPlaceSchemaRowType[]> {
    const rows = (await this.places.list(null)).filter((row) => !row.example);
    return rows.map((row) => toSchemaRow(row.id, row, row.updatedAt, SCHEMA_SOURCE));
  }

  @Query(() => HelpPlaceChoicesType, { description: 'The values the La MedNum/ANCT schema lists (services, typologies…). Public' })
  helpPlaceChoices(): HelpPlaceChoicesType {
    return HELP_PLACE_VALUES;
  }

  @Mutation(() => HelpPlaceType, { description: 'Creates or changes a help place, checked against the La MedNum/ANCT schema (audited): admins' })
  async saveHelpPlace(@CurrentActor() actor: Actor | null, @Args('input', { type: () => SaveHelpPlaceInput }) input: SaveHelpPlaceInput): Promise<HelpPlaceType> {
    const me = await this.access.require(actor, 'help.manage');
    return toHelpPlaceType(await this.places.save(me, input));
  }

  @Mutation(() => Boolean, { description: 'Deletes a help place (audited): admins' })
  async deleteHelpPlace(@CurrentActor() actor: Actor | null, @Args('id', { type: () => ID }) id: string): Promise<boolean> {
    const me = await this.access.require(actor, 'help.manage');
    await this.places.delete(me, id);
    return true;
  }
}

export function toHelpPlaceType(row: HelpPlaceRow): HelpPlaceType {
  return {
    id: row.id,
    name: row.name,
    pivot: row.pivot,
    address: { street: row.street, complement: row.addressComplement, postalCode: row.postalCode, communeCode: row.communeCode, communeName: row.communeName },
    latitude: row.latitude,
    longitude: row.longitude,
    typologies: row.typologies,
    services: row.services,
    phone: row.phone,
    emails: row.emails,
    websites: row.websites,
    openingHours: row.openingHours,
    openingHoursText: row.openingHours ? openingHoursInFrench(row.openingHours) : [],
    summary: row.summary,
    accessModes: row.accessModes,
    supportModes: row.supportModes,
    fees: row.fees,
    publics: row.publics,
    appointmentUrl: row.appointmentUrl,
    example: row.example,
    updatedAt: row.updatedAt,
  };
}

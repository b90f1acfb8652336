import { Injectable } from '@nestjs/common';
import { NEED_STATUS_LABELS } from '@pit/domain';
import { TerritoryService } from '@pit/territory';
import { mapAuthority, mapCategory, mapCommune, toCompetenceLevelEnum } from '@pit/territory/graphql';
import type { NeedView } from '../needs.repository.js';
import { NeedStatusEnum, type AffectedGroupEnum, type NeedFrequencyEnum, type NeedKindEnum, type NeedType, type PeopleRangeEnum } from './need.types.js';

/** Turns a need read from SQL into its GraphQL shape; territory data comes from the in-memory snapshot. */
@Injectable()
export class NeedMapper {
  constructor(private readonly territory: TerritoryService) {}

  async toType(view: NeedView, authorViewToken: string | null = null): Promise<NeedType> {
    const [commune, category] = await Promise.all([this.territory.commune(view.communeCode), this.territory.category(view.categoryKey)]);
    const theme = category ? await this.territory.theme(category.themeKey) : null;
    const authority = view.routing ? await this.territory.authority(view.routing.authorityId) : null;
    const routingAuthorities = await Promise.all(view.routings.map((routing) => this.territory.authority(routing.authorityId)));
    if (!commune || !category || !theme || (view.routing && !authority) || routingAuthorities.some((found) => !found)) {
      throw new Error(`Need ${view.reference} refers to territory data that no longer exists`);
    }
    return {
      id: view.id,
      reference: view.reference,
      title: view.title,
      description: view.description,
      status: view.status as NeedStatusEnum,
      statusLabel: NEED_STATUS_LABELS[view.status].fr,
      createdAt: view.createdAt,
      commune: mapCommune(commune),
      category: mapCategory(category, theme),
      routing: view.routing
        ? {
            level: toCompetenceLevelEnum(view.routing.level),
            authority: mapAuthority(authority!),
            reason: view.routing.reason,
            routedAt: view.routing.routedAt,
            kind: view.routing.kind,
            note: view.routing.note,
          }
        : null,
      routings: view.routings.map((routing, i) => ({
        level: toCompetenceLevelEnum(routing.level),
        authority: mapAuthority(routingAuthorities[i]!),
        reason: routing.reason,
        routedAt: routing.routedAt,
        kind: routing.kind,
        note: routing.note,
      })),
      history: view.history.map((change) => ({
        status: change.status as NeedStatusEnum,
        label: NEED_STATUS_LABELS[change.status].fr,
        at: change.at,
        note: change.note,
      })),
      kind: view.kind as NeedKindEnum,
      affectedGroups: view.affectedGroups as AffectedGroupEnum[],
      frequency: view.frequency as NeedFrequencyEnum | null,
      peopleRange: view.peopleRange as PeopleRangeEnum | null,
      address: view.addressLabel && view.addressLat !== null && view.addressLon !== null ? { label: view.addressLabel, lat: view.addressLat, lon: view.addressLon } : null,
      editedAt: view.editedAt,
      authorPseudonym: view.authorPseudonym,
      organisation: view.organisation,
      photos: view.photos,
      authorId: view.authorId,
      authorViewToken,
    };
  }
}

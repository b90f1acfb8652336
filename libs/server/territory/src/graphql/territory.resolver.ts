import { Args, Int, Query, Resolver } from '@nestjs/graphql';
import { PAGE_SIZE } from '@pit/domain';
import { TerritoryService } from '../territory.service.js';
import { AuthorityKindEnum, AuthorityType, CommuneType, ThemeType } from './territory.types.js';
import { mapAuthority, mapCommune, mapTheme } from './territory.mappers.js';

@Resolver()
export class TerritoryResolver {
  constructor(private readonly territory: TerritoryService) {}

  @Query(() => [CommuneType], {
    description: 'Communes of the territory; search by name, commune déléguée or postcode. Without search: all, by EPCI then name.',
  })
  async communes(
    @Args('search', { type: () => String, nullable: true }) search: string | null,
    @Args('first', { type: () => Int, nullable: true, defaultValue: PAGE_SIZE.max }) first: number,
  ): Promise<CommuneType[]> {
    const communes = await this.territory.searchCommunes(search?.slice(0, 100), Math.min(Math.max(first, 1), PAGE_SIZE.max));
    return communes.map(mapCommune);
  }

  @Query(() => [AuthorityType], { description: 'The Pôle, the EPCIs, the communes and the outside bodies needs can be routed to' })
  async authorities(@Args('kind', { type: () => AuthorityKindEnum, nullable: true }) kind: AuthorityKindEnum | null): Promise<AuthorityType[]> {
    return (await this.territory.authorities(kind ?? null)).map(mapAuthority);
  }

  @Query(() => [ThemeType], { description: 'Themes and their categories, in display order' })
  async themes(): Promise<ThemeType[]> {
    return (await this.territory.themes()).map(mapTheme);
  }
}

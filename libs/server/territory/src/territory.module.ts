import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuthorityEntity } from './entities/authority.entity.js';
import { CategoryEntity } from './entities/category.entity.js';
import { CommuneEntity } from './entities/commune.entity.js';
import { DelegatedCommuneEntity } from './entities/delegated-commune.entity.js';
import { RoutingRuleEntity } from './entities/routing-rule.entity.js';
import { ThemeEntity } from './entities/theme.entity.js';
import { TerritoryRepository } from './territory.repository.js';
import { TerritoryService } from './territory.service.js';

export const TERRITORY_ENTITIES = [AuthorityEntity, CommuneEntity, DelegatedCommuneEntity, ThemeEntity, CategoryEntity, RoutingRuleEntity];

@Module({
  imports: [TypeOrmModule.forFeature(TERRITORY_ENTITIES)],
  providers: [TerritoryRepository, TerritoryService],
  exports: [TerritoryService],
})
export class TerritoryModule {}

import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { TerritoryModule } from '@pit/territory';
import { HelpPlaceEntity } from './entities/help-place.entity.js';
import { HelpPlacesRepository } from './help-places.repository.js';
import { HelpPlacesService } from './help-places.service.js';

export const HELP_ENTITIES = [HelpPlaceEntity];

/** Where to get help: the places that help with digital procedures (lieux de médiation numérique). */
@Module({
  imports: [TypeOrmModule.forFeature(HELP_ENTITIES), TerritoryModule],
  providers: [HelpPlacesRepository, HelpPlacesService],
  exports: [HelpPlacesService],
})
export class HelpModule {}

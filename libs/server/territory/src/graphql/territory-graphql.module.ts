import { Module } from '@nestjs/common';
import { TerritoryModule } from '../territory.module.js';
import { TerritoryResolver } from './territory.resolver.js';

/** The GraphQL part: imported by the api only. */
@Module({
  imports: [TerritoryModule],
  providers: [TerritoryResolver],
})
export class TerritoryGraphqlModule {}

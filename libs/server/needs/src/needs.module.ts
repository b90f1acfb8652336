import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { TerritoryModule } from '@pit/territory';
import { AccountsModule } from '@pit/accounts';
import { NeedEntity } from './entities/need.entity.js';
import { NeedRoutingEntity } from './entities/need-routing.entity.js';
import { NeedStatusChangeEntity } from './entities/need-status-change.entity.js';
import { NeedsRepository } from './needs.repository.js';
import { NeedsService } from './needs.service.js';

export const NEEDS_ENTITIES = [NeedEntity, NeedRoutingEntity, NeedStatusChangeEntity];

@Module({
  imports: [TypeOrmModule.forFeature(NEEDS_ENTITIES), TerritoryModule, AccountsModule],
  providers: [NeedsRepository, NeedsService],
  exports: [NeedsRepository, NeedsService, TerritoryModule, AccountsModule],
})
export class NeedsModule {}

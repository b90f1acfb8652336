import { Module } from '@nestjs/common';
import { AssistedModule } from '../../assisted/assisted.module.js';
import { NeedsModule } from '../../needs.module.js';
import { NeedMapper } from '../need.mapper.js';
import { AssistedResolver } from './assisted.resolver.js';

/** Assisted intake's API: imported by the api only. */
@Module({
  imports: [NeedsModule, AssistedModule],
  providers: [NeedMapper, AssistedResolver],
})
export class AssistedGraphqlModule {}

import { Module } from '@nestjs/common';
import { NeedsModule } from '../needs.module.js';
import { NeedMapper } from './need.mapper.js';
import { NeedsResolver } from './needs.resolver.js';

@Module({
  imports: [NeedsModule],
  providers: [NeedMapper, NeedsResolver],
})
export class NeedsGraphqlModule {}

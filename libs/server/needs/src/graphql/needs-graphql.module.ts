import { Module } from '@nestjs/common';
import { NeedsModule } from '../needs.module.js';
import { NeedMapper } from './need.mapper.js';
import { NeedsResolver } from './needs.resolver.js';
import { PhotoBodyParser, PhotosController } from './photos.controller.js';

@Module({
  imports: [NeedsModule],
  providers: [NeedMapper, NeedsResolver, PhotoBodyParser],
  controllers: [PhotosController],
})
export class NeedsGraphqlModule {}

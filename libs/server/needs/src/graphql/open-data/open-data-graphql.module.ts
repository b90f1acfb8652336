import { Module } from '@nestjs/common';
import { OpenDataModule } from '../../open-data/open-data.module.js';
import { OpenDataController } from './open-data.controller.js';
import { OpenDataResolver } from './open-data.resolver.js';

/** Open data's REST downloads and public queries (files, moderation log): imported by the api only. */
@Module({
  imports: [OpenDataModule],
  controllers: [OpenDataController],
  providers: [OpenDataResolver],
})
export class OpenDataGraphqlModule {}

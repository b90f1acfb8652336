import { Module } from '@nestjs/common';
import { Open311Module } from '../../open311/open311.module.js';
import { Open311Controller } from './open311.controller.js';
import { Open311Resolver } from './open311.resolver.js';

/** Open311's REST endpoints and the admin resolver of its API keys: imported by the api only. */
@Module({
  imports: [Open311Module],
  controllers: [Open311Controller],
  providers: [Open311Resolver],
})
export class Open311GraphqlModule {}

import { Module } from '@nestjs/common';
import { NeedsModule } from '../needs.module.js';
import { Open311Repository } from './open311.repository.js';
import { Open311Service } from './open311.service.js';

/** Open311 GeoReport v2 over the needs, and the partners' API keys; imported by the api (controller and admin resolver). */
@Module({
  imports: [NeedsModule],
  providers: [Open311Repository, Open311Service],
  exports: [Open311Service],
})
export class Open311Module {}

import { Module } from '@nestjs/common';
import { NeedsModule } from '../needs.module.js';
import { AssistedRepository } from './assisted.repository.js';
import { AssistedIntakeService } from './assisted-intake.service.js';

/** Assisted intake (dépôt accompagné): mandates, tracking, claims, the places' to-dos; importable by api and worker. */
@Module({
  imports: [NeedsModule],
  providers: [AssistedRepository, AssistedIntakeService],
  exports: [AssistedIntakeService],
})
export class AssistedModule {}

import { Module } from '@nestjs/common';
import { NeedsModule } from '../../needs.module.js';
import { NeedMapper } from '../need.mapper.js';
import { TriageRepository } from '../../triage/triage.repository.js';
import { TriageService } from '../../triage/triage.service.js';
import { TriageResolver } from './triage.resolver.js';

/** The triage page's API (triageNeed, assignNeed, addInternalNote): imported by the api only. */
@Module({
  imports: [NeedsModule],
  providers: [NeedMapper, TriageRepository, TriageService, TriageResolver],
  exports: [TriageService],
})
export class TriageGraphqlModule {}

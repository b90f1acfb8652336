import { Module } from '@nestjs/common';
import { PrivacyModule } from '../privacy.module.js';
import { BuildDataExportJob, PrivacyRetentionJob, PrivacyRetentionScheduler } from './privacy.jobs.js';

/** The privacy job processors and the daily retention schedule: imported by the worker only. */
@Module({
  imports: [PrivacyModule],
  providers: [BuildDataExportJob, PrivacyRetentionJob, PrivacyRetentionScheduler],
})
export class PrivacyJobsModule {}

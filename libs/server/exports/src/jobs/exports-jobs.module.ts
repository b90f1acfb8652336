import { Module } from '@nestjs/common';
import { ExportsModule } from '../exports.module.js';
import { BuildInboxExportJob, ExportSweepScheduler, SweepInboxExportsJob } from './inbox-export.jobs.js';

/** The exports' job processors and the retention schedule: imported by the worker only. */
@Module({
  imports: [ExportsModule],
  providers: [BuildInboxExportJob, SweepInboxExportsJob, ExportSweepScheduler],
})
export class ExportsJobsModule {}

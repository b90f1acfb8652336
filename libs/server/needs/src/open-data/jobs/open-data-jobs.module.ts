import { Module } from '@nestjs/common';
import { OpenDataModule } from '../open-data.module.js';
import { OpenDataScheduler, PublishOpenDataJob } from './open-data.jobs.js';

/** The daily open-data job and its schedule: imported by the worker only. */
@Module({
  imports: [OpenDataModule],
  providers: [PublishOpenDataJob, OpenDataScheduler],
})
export class OpenDataJobsModule {}

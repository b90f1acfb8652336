import { Module } from '@nestjs/common';
import { NeedsModule } from '../needs.module.js';
import { RouteNeedJob } from './route-need.job.js';
import { SweepUnroutedNeedsJob, UnroutedNeedsSweepScheduler } from './sweep-unrouted-needs.job.js';

/** The needs context's job processors: imported by the worker only. */
@Module({
  imports: [NeedsModule],
  providers: [RouteNeedJob, SweepUnroutedNeedsJob, UnroutedNeedsSweepScheduler],
})
export class NeedsJobsModule {}

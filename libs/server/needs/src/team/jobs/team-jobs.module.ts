import { Module } from '@nestjs/common';
import { TeamModule } from '../team.module.js';
import { AlertStaffNewNeedJob, SendStaffDigestJob, StaffDigestScheduler } from './team.jobs.js';

/** The staff alerts' job processors and the staff digest schedule: imported by the worker only. */
@Module({
  imports: [TeamModule],
  providers: [AlertStaffNewNeedJob, SendStaffDigestJob, StaffDigestScheduler],
})
export class TeamJobsModule {}

import { Module } from '@nestjs/common';
import { ParticipationModule } from '../participation.module.js';
import { NotifySupportCarryOverJob } from '../merge/merge.jobs.js';
import {
  AccountabilityScheduler,
  AskServiceFeedbackJob,
  RemindOverdueNeedsJob,
  SendOverdueReminderJob,
  SendWeeklyAuthorityDigestJob,
} from '../accountability/accountability.jobs.js';

/** The participation context's job processors: imported by the worker only. */
@Module({
  imports: [ParticipationModule],
  providers: [NotifySupportCarryOverJob, RemindOverdueNeedsJob, SendOverdueReminderJob, SendWeeklyAuthorityDigestJob, AskServiceFeedbackJob, AccountabilityScheduler],
})
export class ParticipationJobsModule {}

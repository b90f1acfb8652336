import { Module } from '@nestjs/common';
import { NotificationsModule } from '../notifications.module.js';
import { DigestScheduler, NotifyNeedChangeJob, NotifyNeedRoutingJob, SendDailyDigestJob, SendNotificationEmailJob } from './notification.jobs.js';

/** The notifications context's job processors and the digest schedule: imported by the worker only. */
@Module({
  imports: [NotificationsModule],
  providers: [NotifyNeedChangeJob, NotifyNeedRoutingJob, SendNotificationEmailJob, SendDailyDigestJob, DigestScheduler],
})
export class NotificationsJobsModule {}

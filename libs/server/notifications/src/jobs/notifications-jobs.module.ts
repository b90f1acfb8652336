import { Module } from '@nestjs/common';
import { NotificationsModule } from '../notifications.module.js';

/** The notifications context's job processors: imported by the worker only. */
@Module({
  imports: [NotificationsModule],
  providers: [],
})
export class NotificationsJobsModule {}

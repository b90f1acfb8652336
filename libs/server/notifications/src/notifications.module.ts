import { Module } from '@nestjs/common';
import { NeedsModule } from '@pit/needs';

/** The notifications context: entities, repositories and services, shared by api and worker. */
@Module({
  imports: [NeedsModule],
  providers: [],
  exports: [NeedsModule],
})
export class NotificationsModule {}

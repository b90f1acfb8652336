import { Module } from '@nestjs/common';
import { NotificationsModule } from '../notifications.module.js';

@Module({
  imports: [NotificationsModule],
  providers: [],
})
export class NotificationsGraphqlModule {}

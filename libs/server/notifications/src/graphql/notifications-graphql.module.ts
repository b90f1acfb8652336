import { Module } from '@nestjs/common';
import { NotificationsModule } from '../notifications.module.js';
import { NotificationsResolver } from './notifications.resolver.js';

@Module({
  imports: [NotificationsModule],
  providers: [NotificationsResolver],
})
export class NotificationsGraphqlModule {}

import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { NeedsModule } from '@pit/needs';
import {
  NotificationDigestRunEntity,
  NotificationEntity,
  NotificationPreferenceEntity,
  NotificationUnsubscribeTokenEntity,
} from './entities/notification.entity.js';
import { NotificationsService } from './notifications.service.js';

export const NOTIFICATIONS_ENTITIES = [NotificationPreferenceEntity, NotificationEntity, NotificationDigestRunEntity, NotificationUnsubscribeTokenEntity];

/** The notifications context: entities and services, shared by api and worker. */
@Module({
  imports: [TypeOrmModule.forFeature(NOTIFICATIONS_ENTITIES), NeedsModule],
  providers: [NotificationsService],
  exports: [NotificationsService, NeedsModule],
})
export class NotificationsModule {}

import { Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { JobHandler, QueueBackend, type JobPayloads, type JobProcessorClass } from '@pit/core';
import { NotificationsService } from '../notifications.service.js';

/**
 * notify-need-change: fans a status change out to its recipients (NotificationsService.fanOut).
 * Idempotent: one notification per (event, person), a second run creates none and enqueues no email.
 */
@Injectable()
@JobHandler('notify-need-change')
export class NotifyNeedChangeJob implements JobProcessorClass<'notify-need-change'> {
  constructor(private readonly notifications: NotificationsService) {}

  async handle({ needId, statusChangeId }: JobPayloads['notify-need-change']): Promise<void> {
    await this.notifications.notifyStatusChange(needId, statusChangeId);
  }
}

/**
 * notify-need-routing: a need was requalified, transferred or co-assigned; its author, supporters,
 * backers' representatives and followers see the move and its reason. Idempotent per (event, person).
 */
@Injectable()
@JobHandler('notify-need-routing')
export class NotifyNeedRoutingJob implements JobProcessorClass<'notify-need-routing'> {
  constructor(private readonly notifications: NotificationsService) {}

  async handle({ needId, routingId }: JobPayloads['notify-need-routing']): Promise<void> {
    await this.notifications.notifyRouting(needId, routingId);
  }
}

/** send-notification-email: one immediate email; idempotent through sent_at and mail_delivery. */
@Injectable()
@JobHandler('send-notification-email')
export class SendNotificationEmailJob implements JobProcessorClass<'send-notification-email'> {
  constructor(private readonly notifications: NotificationsService) {}

  async handle({ notificationId }: JobPayloads['send-notification-email']): Promise<void> {
    await this.notifications.sendImmediate(notificationId);
  }
}

/** send-daily-digest: one email per person with pending items, at most one per person and day. */
@Injectable()
@JobHandler('send-daily-digest')
export class SendDailyDigestJob implements JobProcessorClass<'send-daily-digest'> {
  constructor(private readonly notifications: NotificationsService) {}

  async handle({ day }: JobPayloads['send-daily-digest']): Promise<void> {
    await this.notifications.sendDailyDigest(day);
  }
}

export const DIGEST_SCHEDULER_ID = 'send-daily-digest';
/** Every day at 07:00, Paris time. */
export const DIGEST_SCHEDULE = { pattern: '0 7 * * *', tz: 'Europe/Paris' } as const;

/** Registers the daily digest with BullMQ's job scheduler on the jobs queue (an upsert: every worker may do it). */
@Injectable()
export class DigestScheduler implements OnApplicationBootstrap {
  private readonly logger = new Logger(DigestScheduler.name);

  constructor(private readonly backend: QueueBackend) {}

  async onApplicationBootstrap(): Promise<void> {
    if (process.env.DIGEST_SCHEDULE === 'off') return;
    try {
      await this.backend.schedule(DIGEST_SCHEDULER_ID, { ...DIGEST_SCHEDULE }, { name: 'send-daily-digest', data: {} });
    } catch (error) {
      this.logger.warn(`cannot schedule the daily digest (${(error as Error).message}): run it with node apps/worker/dist/run-job.js send-daily-digest`);
    }
  }
}

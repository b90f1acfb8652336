import { Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { JobHandler, QueueBackend, type JobPayloads, type JobProcessorClass } from '@pit/core';
import { StaffAlertsService } from '../staff-alerts.service.js';

/**
 * alert-staff-new-need: a need arrived at an authority (route-need, requalification, transfer,
 * co-assignment); its agents get a staff_need_alert each and the immediate ones an email.
 * Idempotent: one alert per (need, agent), one email per (need, agent) through mail_delivery.
 */
@Injectable()
@JobHandler('alert-staff-new-need')
export class AlertStaffNewNeedJob implements JobProcessorClass<'alert-staff-new-need'> {
  constructor(private readonly alerts: StaffAlertsService) {}

  async handle({ needId, routingId }: JobPayloads['alert-staff-new-need']): Promise<void> {
    await this.alerts.alertNewNeed(needId, routingId);
  }
}

/** send-staff-digest: one email per agent with pending daily alerts, at most one per agent and day. */
@Injectable()
@JobHandler('send-staff-digest')
export class SendStaffDigestJob implements JobProcessorClass<'send-staff-digest'> {
  constructor(private readonly alerts: StaffAlertsService) {}

  async handle({ day }: JobPayloads['send-staff-digest']): Promise<void> {
    await this.alerts.sendDigest(day);
  }
}

export const STAFF_DIGEST_SCHEDULER_ID = 'send-staff-digest';
/** Every day at 07:30, Paris time (after the residents' digest). */
export const STAFF_DIGEST_SCHEDULE = { pattern: '30 7 * * *', tz: 'Europe/Paris' } as const;

/** Registers the daily staff digest with BullMQ's job scheduler (an upsert: every worker may do it). */
@Injectable()
export class StaffDigestScheduler implements OnApplicationBootstrap {
  private readonly logger = new Logger(StaffDigestScheduler.name);

  constructor(private readonly backend: QueueBackend) {}

  async onApplicationBootstrap(): Promise<void> {
    if (process.env.DIGEST_SCHEDULE === 'off') return;
    try {
      await this.backend.schedule(STAFF_DIGEST_SCHEDULER_ID, { ...STAFF_DIGEST_SCHEDULE }, { name: 'send-staff-digest', data: {} });
    } catch (error) {
      this.logger.warn(`cannot schedule the staff digest (${(error as Error).message}): run it with node apps/worker/dist/run-job.js send-staff-digest`);
    }
  }
}

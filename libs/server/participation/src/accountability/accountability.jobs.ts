import { Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { JobHandler, QueueBackend, type JobName, type JobPayloads, type JobProcessorClass } from '@pit/core';
import { AccountabilityService } from './accountability.service.js';

/**
 * remind-overdue-needs (daily): enqueues one send-overdue-reminder per overdue need and recipient
 * (assignee, or the authority's agents), deduplicated per (need, recipient, due date) in the outbox.
 */
@Injectable()
@JobHandler('remind-overdue-needs')
export class RemindOverdueNeedsJob implements JobProcessorClass<'remind-overdue-needs'> {
  constructor(private readonly accountability: AccountabilityService) {}

  async handle(): Promise<void> {
    await this.accountability.remindOverdueNeeds();
  }
}

/** send-overdue-reminder: one email, once per (need, recipient, due date) through mail_delivery; none if answered meanwhile. */
@Injectable()
@JobHandler('send-overdue-reminder')
export class SendOverdueReminderJob implements JobProcessorClass<'send-overdue-reminder'> {
  constructor(private readonly accountability: AccountabilityService) {}

  async handle({ needId, personId, dueAt }: JobPayloads['send-overdue-reminder']): Promise<void> {
    await this.accountability.sendOverdueReminder(needId, personId, dueAt);
  }
}

/** send-weekly-authority-digest (Monday morning): one email per authority, agent and ISO week (mail_delivery). */
@Injectable()
@JobHandler('send-weekly-authority-digest')
export class SendWeeklyAuthorityDigestJob implements JobProcessorClass<'send-weekly-authority-digest'> {
  constructor(private readonly accountability: AccountabilityService) {}

  async handle({ week }: JobPayloads['send-weekly-authority-digest']): Promise<void> {
    await this.accountability.sendWeeklyDigest(week);
  }
}

/** ask-service-feedback (daily): the survey email to authors and supporters of needs réalisé some weeks ago, once per (need, person). */
@Injectable()
@JobHandler('ask-service-feedback')
export class AskServiceFeedbackJob implements JobProcessorClass<'ask-service-feedback'> {
  constructor(private readonly accountability: AccountabilityService) {}

  async handle(): Promise<void> {
    await this.accountability.askServiceFeedback();
  }
}

/** The accountability jobs' schedules, in Paris time (BullMQ job schedulers, upserted by every worker). */
export const ACCOUNTABILITY_SCHEDULES: ReadonlyArray<{ name: JobName; pattern: string }> = [
  { name: 'remind-overdue-needs', pattern: '0 8 * * *' },
  { name: 'send-weekly-authority-digest', pattern: '0 8 * * 1' },
  { name: 'ask-service-feedback', pattern: '0 10 * * *' },
];

/** Registers the schedules unless ACCOUNTABILITY_SCHEDULE=off (then run them with node apps/worker/dist/run-job.js <job>). */
@Injectable()
export class AccountabilityScheduler implements OnApplicationBootstrap {
  private readonly logger = new Logger(AccountabilityScheduler.name);

  constructor(private readonly backend: QueueBackend) {}

  async onApplicationBootstrap(): Promise<void> {
    if (process.env.ACCOUNTABILITY_SCHEDULE === 'off') return;
    for (const { name, pattern } of ACCOUNTABILITY_SCHEDULES) {
      try {
        await this.backend.schedule(name, { pattern, tz: 'Europe/Paris' }, { name, data: {} });
      } catch (error) {
        this.logger.warn(`cannot schedule ${name} (${(error as Error).message}): run it with node apps/worker/dist/run-job.js ${name}`);
      }
    }
  }
}

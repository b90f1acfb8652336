import { Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { JobHandler, QueueBackend, type JobContext, type JobPayloads, type JobProcessorClass } from '@pit/core';
import { AccountErasureService } from '../account-erasure.service.js';
import { DataExportService } from '../data-export.service.js';

/** Builds a person's data export (idempotent: see DataExportService.build). Side effects: the JSON file, the export's status, one email. */
@Injectable()
@JobHandler('build-data-export')
export class BuildDataExportJob implements JobProcessorClass<'build-data-export'> {
  constructor(private readonly exports: DataExportService) {}

  async handle({ exportId }: JobPayloads['build-data-export'], context?: JobContext): Promise<void> {
    await this.exports.build(exportId, context?.attempt ?? 1);
  }
}

/**
 * Daily privacy retention (see AccountErasureService.runRetention): deletes expired data exports and
 * old session logs, emails the 30- and 7-day warnings (mail_delivery), erases inactive accounts
 * (audit entries account.erase). Idempotent.
 */
@Injectable()
@JobHandler('privacy-retention')
export class PrivacyRetentionJob implements JobProcessorClass<'privacy-retention'> {
  constructor(private readonly erasure: AccountErasureService) {}

  async handle({ now }: JobPayloads['privacy-retention']): Promise<void> {
    await this.erasure.runRetention(now ? new Date(now) : new Date());
  }
}

export const PRIVACY_RETENTION_SCHEDULER_ID = 'privacy-retention';
/** Every day at 03:40, Paris time. */
export const PRIVACY_RETENTION_SCHEDULE = { pattern: '40 3 * * *', tz: 'Europe/Paris' } as const;

/** Registers the daily retention with BullMQ's job scheduler (an upsert: every worker may do it). PRIVACY_RETENTION_SCHEDULE=off skips it. */
@Injectable()
export class PrivacyRetentionScheduler implements OnApplicationBootstrap {
  private readonly logger = new Logger(PrivacyRetentionScheduler.name);

  constructor(private readonly backend: QueueBackend) {}

  async onApplicationBootstrap(): Promise<void> {
    if (process.env.PRIVACY_RETENTION_SCHEDULE === 'off') return;
    try {
      await this.backend.schedule(PRIVACY_RETENTION_SCHEDULER_ID, { ...PRIVACY_RETENTION_SCHEDULE }, { name: 'privacy-retention', data: {} });
    } catch (error) {
      this.logger.warn(`cannot schedule the privacy retention (${(error as Error).message}): run it with node apps/worker/dist/run-job.js privacy-retention`);
    }
  }
}

import { Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { JobHandler, QueueBackend, type JobPayloads, type JobProcessorClass } from '@pit/core';
import { OpenDataService } from '../open-data.service.js';

/**
 * publish-open-data: the day's anonymised files of needs (CSV, JSON, GeoJSON). Idempotent per day and
 * format (OpenDataService.publish). Side effects: files in storage, open_data_publication rows.
 */
@Injectable()
@JobHandler('publish-open-data')
export class PublishOpenDataJob implements JobProcessorClass<'publish-open-data'> {
  constructor(private readonly openData: OpenDataService) {}

  async handle({ day }: JobPayloads['publish-open-data']): Promise<void> {
    await this.openData.publish(day);
  }
}

export const OPEN_DATA_SCHEDULER_ID = 'publish-open-data';
/** Every day at 03:30, Paris time. */
export const OPEN_DATA_SCHEDULE = { pattern: '30 3 * * *', tz: 'Europe/Paris' } as const;

/** Registers the daily publication with BullMQ's job scheduler (an upsert: every worker may do it). OPEN_DATA_SCHEDULE=off skips it. */
@Injectable()
export class OpenDataScheduler implements OnApplicationBootstrap {
  private readonly logger = new Logger(OpenDataScheduler.name);

  constructor(private readonly backend: QueueBackend) {}

  async onApplicationBootstrap(): Promise<void> {
    if (process.env.OPEN_DATA_SCHEDULE === 'off') return;
    try {
      await this.backend.schedule(OPEN_DATA_SCHEDULER_ID, { ...OPEN_DATA_SCHEDULE }, { name: 'publish-open-data', data: {} });
    } catch (error) {
      this.logger.warn(`cannot schedule the open data (${(error as Error).message}): run it with node apps/worker/dist/run-job.js publish-open-data`);
    }
  }
}

import { Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { JobHandler, QueueBackend, type JobContext, type JobPayloads, type JobProcessorClass } from '@pit/core';
import { InboxExportsService } from '../inbox-exports.service.js';

/** Builds an inbox export's CSV (idempotent: see InboxExportsService.build). Side effects: the file, the export's progress and status. */
@Injectable()
@JobHandler('build-inbox-export')
export class BuildInboxExportJob implements JobProcessorClass<'build-inbox-export'> {
  constructor(private readonly exports: InboxExportsService) {}

  async handle({ exportId }: JobPayloads['build-inbox-export'], context?: JobContext): Promise<void> {
    await this.exports.build(exportId, context?.attempt ?? 1);
  }
}

/** Retention: deletes expired export files and rows, requeues stalled builds. Idempotent. */
@Injectable()
@JobHandler('sweep-inbox-exports')
export class SweepInboxExportsJob implements JobProcessorClass<'sweep-inbox-exports'> {
  constructor(private readonly exports: InboxExportsService) {}

  async handle(): Promise<void> {
    await this.exports.sweep();
  }
}

export const EXPORT_SWEEP_SCHEDULER_ID = 'sweep-inbox-exports';
/** Every hour, at minute 17. */
export const EXPORT_SWEEP_SCHEDULE = { pattern: '17 * * * *', tz: 'Europe/Paris' } as const;

/** Registers the hourly retention sweep with BullMQ's job scheduler (an upsert: every worker may do it). EXPORT_SWEEP_SCHEDULE=off skips it. */
@Injectable()
export class ExportSweepScheduler implements OnApplicationBootstrap {
  private readonly logger = new Logger(ExportSweepScheduler.name);

  constructor(private readonly backend: QueueBackend) {}

  async onApplicationBootstrap(): Promise<void> {
    if (process.env.EXPORT_SWEEP_SCHEDULE === 'off') return;
    try {
      await this.backend.schedule(EXPORT_SWEEP_SCHEDULER_ID, { ...EXPORT_SWEEP_SCHEDULE }, { name: 'sweep-inbox-exports', data: {} });
    } catch (error) {
      this.logger.warn(`cannot schedule the export sweep (${(error as Error).message}): run it with node apps/worker/dist/run-job.js sweep-inbox-exports`);
    }
  }
}

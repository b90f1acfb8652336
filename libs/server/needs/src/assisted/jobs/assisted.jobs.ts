import { Injectable, Logger, Module, type OnApplicationBootstrap } from '@nestjs/common';
import { JobHandler, QueueBackend, type JobPayloads, type JobProcessorClass } from '@pit/core';
import { AssistedModule } from '../assisted.module.js';
import { AssistedIntakeService } from '../assisted-intake.service.js';

/**
 * mediation-status-news: an assisted need's status changed; the mediator's place gets one to-do
 * (call back, letter, counter) and the mandate's journal an entry. Idempotent per status change.
 */
@Injectable()
@JobHandler('mediation-status-news')
export class MediationStatusNewsJob implements JobProcessorClass<'mediation-status-news'> {
  constructor(private readonly assisted: AssistedIntakeService) {}

  async handle({ needId, statusChangeId }: JobPayloads['mediation-status-news']): Promise<void> {
    await this.assisted.statusNews(needId, statusChangeId);
  }
}

/**
 * sweep-mandates: retention; ends the mandates of needs closed for too long and erases the label and
 * contact of ended or expired mandates. `now` (ISO) for tests and replays. Idempotent.
 */
@Injectable()
@JobHandler('sweep-mandates')
export class SweepMandatesJob implements JobProcessorClass<'sweep-mandates'> {
  constructor(private readonly assisted: AssistedIntakeService) {}

  async handle({ now }: JobPayloads['sweep-mandates']): Promise<void> {
    await this.assisted.sweep(now ? new Date(now) : new Date());
  }
}

export const MANDATE_SWEEP_SCHEDULER_ID = 'sweep-mandates';
/** Every hour, at minute 23. MANDATE_SWEEP_SCHEDULE=off skips it. */
export const MANDATE_SWEEP_SCHEDULE = { pattern: '23 * * * *', tz: 'Europe/Paris' } as const;

/** Registers the mandate retention sweep with BullMQ's job scheduler (an upsert: every worker may do it). */
@Injectable()
export class MandateSweepScheduler implements OnApplicationBootstrap {
  private readonly logger = new Logger(MandateSweepScheduler.name);

  constructor(private readonly backend: QueueBackend) {}

  async onApplicationBootstrap(): Promise<void> {
    if (process.env.MANDATE_SWEEP_SCHEDULE === 'off') return;
    try {
      await this.backend.schedule(MANDATE_SWEEP_SCHEDULER_ID, { ...MANDATE_SWEEP_SCHEDULE }, { name: 'sweep-mandates', data: {} });
    } catch (error) {
      this.logger.warn(`cannot schedule the mandate sweep (${(error as Error).message}): run it with node apps/worker/dist/run-job.js sweep-mandates`);
    }
  }
}

/** Assisted intake's job processors and the retention schedule: imported by the worker only. */
@Module({
  imports: [AssistedModule],
  providers: [MediationStatusNewsJob, SweepMandatesJob, MandateSweepScheduler],
})
export class AssistedJobsModule {}

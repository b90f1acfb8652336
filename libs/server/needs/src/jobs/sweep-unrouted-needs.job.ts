import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { APP_CONFIG, JobHandler, OutboxService, QueueBackend, jobIdForOutbox, type AppConfig, type JobProcessorClass } from '@pit/core';
import { NeedsRepository } from '../needs.repository.js';

/** Needs looked at per run: the oldest first; a larger backlog is taken on by the next runs. */
export const UNROUTED_SWEEP_BATCH = 500;

/**
 * sweep-unrouted-needs (every NEED_ROUTING_SWEEP_EVERY_MS, one minute by default): the reconciliation
 * of ARCHITECTURE.md for needs. A need still unrouted NEED_ROUTING_GRACE_SECONDS after its submission
 * lost its route-need job (a Redis restarted without its data) or that job failed for good (the
 * database down through every retry). Its outbox row is published again (the relay adds it under the
 * same stable job id, which BullMQ ignores while the job still exists), a failed job is retried, a
 * missing row is written. Side effects: outbox rows and queue jobs only; route-need is idempotent.
 */
@Injectable()
@JobHandler('sweep-unrouted-needs')
export class SweepUnroutedNeedsJob implements JobProcessorClass<'sweep-unrouted-needs'> {
  private readonly logger = new Logger(SweepUnroutedNeedsJob.name);

  constructor(
    private readonly dataSource: DataSource,
    private readonly repository: NeedsRepository,
    private readonly outbox: OutboxService,
    private readonly backend: QueueBackend,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async handle(): Promise<void> {
    const needs = await this.repository.unroutedNeeds(this.config.needRoutingGraceSeconds, UNROUTED_SWEEP_BATCH);
    if (!needs.length) return;
    const lost: string[] = [];
    let written = 0;
    let retried = 0;
    for (const need of needs) {
      if (!need.outboxId) {
        await this.dataSource.transaction((manager) =>
          this.outbox.enqueue(manager, [{ name: 'route-need', payload: { needId: need.id }, dedupKey: `route-need:${need.id}` }]),
        );
        written += 1;
        continue;
      }
      // Not published yet: the relay is on it (it retries while the queue store is down).
      if (!need.publishedAt) continue;
      const job = await this.backend.jobsQueue().getJob(jobIdForOutbox(need.jobKey!));
      if (!job) lost.push(need.outboxId);
      else if (await job.isFailed()) {
        // Another sweep may have retried it a moment ago: then it is no longer failed, nothing to do.
        await job.retry('failed').then(
          () => (retried += 1),
          () => undefined,
        );
      }
    }
    const republished = await this.outbox.republish(this.dataSource.manager, lost);
    if (written || retried || republished) {
      this.logger.warn(`unrouted needs: ${republished} route-need job(s) lost and published again, ${retried} failed job(s) retried, ${written} missing job(s) written`);
    }
  }
}

export const UNROUTED_SWEEP_SCHEDULER_ID = 'sweep-unrouted-needs';

/** Registers the sweep with BullMQ's job scheduler (NEED_ROUTING_SWEEP_SCHEDULE=off skips it). */
@Injectable()
export class UnroutedNeedsSweepScheduler implements OnApplicationBootstrap {
  private readonly logger = new Logger(UnroutedNeedsSweepScheduler.name);

  constructor(
    private readonly backend: QueueBackend,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (process.env.NEED_ROUTING_SWEEP_SCHEDULE === 'off') return;
    try {
      await this.backend.schedule(UNROUTED_SWEEP_SCHEDULER_ID, { every: this.config.needRoutingSweepEveryMs }, { name: 'sweep-unrouted-needs', data: {} });
    } catch (error) {
      this.logger.warn(`cannot schedule the unrouted needs sweep (${(error as Error).message}): run it with node apps/worker/dist/run-job.js sweep-unrouted-needs`);
    }
  }
}

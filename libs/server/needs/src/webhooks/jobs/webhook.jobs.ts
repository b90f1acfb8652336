import { Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { JobHandler, QueueBackend, type JobPayloads, type JobProcessorClass } from '@pit/core';
import { WebhooksService } from '../webhooks.service.js';

/** dispatch-webhooks: one delivery (and its deliver-webhook job) per matching webhook; idempotent per (webhook, event). */
@Injectable()
@JobHandler('dispatch-webhooks')
export class DispatchWebhooksJob implements JobProcessorClass<'dispatch-webhooks'> {
  constructor(private readonly webhooks: WebhooksService) {}

  async handle(payload: JobPayloads['dispatch-webhooks']): Promise<void> {
    await this.webhooks.dispatch(payload);
  }
}

/**
 * deliver-webhook: one POST attempt (WebhooksService.deliver); a failed attempt with attempts left adds the same
 * job again, delayed by the backoff, under a job id of its own per attempt.
 */
@Injectable()
@JobHandler('deliver-webhook')
export class DeliverWebhookJob implements JobProcessorClass<'deliver-webhook'> {
  constructor(
    private readonly webhooks: WebhooksService,
    private readonly backend: QueueBackend,
  ) {}

  async handle({ deliveryId }: JobPayloads['deliver-webhook']): Promise<void> {
    const { retryInMs } = await this.webhooks.deliver(deliveryId);
    if (retryInMs === null) return;
    await this.backend
      .jobsQueue()
      .add('deliver-webhook', { deliveryId }, { delay: retryInMs, jobId: `webhook-retry-${deliveryId}-${Date.now()}`, removeOnComplete: 1000, removeOnFail: 1000 });
  }
}

/**
 * sweep-webhook-deliveries (every minute): queues deliver-webhook again for deliveries whose job was lost; the
 * job id names the attempt, so workers sweeping at once queue it once, and the claim in deliver() sends it once.
 */
@Injectable()
@JobHandler('sweep-webhook-deliveries')
export class SweepWebhookDeliveriesJob implements JobProcessorClass<'sweep-webhook-deliveries'> {
  constructor(
    private readonly webhooks: WebhooksService,
    private readonly backend: QueueBackend,
  ) {}

  async handle(): Promise<void> {
    for (const delivery of await this.webhooks.overdueDeliveries()) {
      await this.backend
        .jobsQueue()
        .add('deliver-webhook', { deliveryId: delivery.id }, { jobId: `webhook-sweep-${delivery.id}-${delivery.attemptCount}`, removeOnComplete: 1000, removeOnFail: 1000 });
    }
  }
}

export const WEBHOOK_SWEEP_SCHEDULER_ID = 'sweep-webhook-deliveries';

/** Registers the sweep with BullMQ's job scheduler, every minute (WEBHOOK_SWEEP_SCHEDULE=off skips it). */
@Injectable()
export class WebhookSweepScheduler implements OnApplicationBootstrap {
  private readonly logger = new Logger(WebhookSweepScheduler.name);

  constructor(private readonly backend: QueueBackend) {}

  async onApplicationBootstrap(): Promise<void> {
    if (process.env.WEBHOOK_SWEEP_SCHEDULE === 'off') return;
    try {
      await this.backend.schedule(WEBHOOK_SWEEP_SCHEDULER_ID, { every: 60_000 }, { name: 'sweep-webhook-deliveries', data: {} });
    } catch (error) {
      this.logger.warn(`cannot schedule the webhook sweep (${(error as Error).message}): run it with node apps/worker/dist/run-job.js sweep-webhook-deliveries`);
    }
  }
}

import { Injectable } from '@nestjs/common';
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

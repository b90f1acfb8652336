import { Module } from '@nestjs/common';
import { WebhooksModule } from '../webhooks.module.js';
import { DeliverWebhookJob, DispatchWebhooksJob, SweepWebhookDeliveriesJob, WebhookSweepScheduler } from './webhook.jobs.js';

/** The webhooks' job processors: imported by the worker only. */
@Module({
  imports: [WebhooksModule],
  providers: [DispatchWebhooksJob, DeliverWebhookJob, SweepWebhookDeliveriesJob, WebhookSweepScheduler],
})
export class WebhooksJobsModule {}

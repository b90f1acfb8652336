import { Module } from '@nestjs/common';
import { NeedsModule } from '../needs.module.js';
import { WebhooksService } from './webhooks.service.js';

/** Partner back offices' webhooks: registration (api) and delivery (worker). */
@Module({
  imports: [NeedsModule],
  providers: [WebhooksService],
  exports: [WebhooksService],
})
export class WebhooksModule {}

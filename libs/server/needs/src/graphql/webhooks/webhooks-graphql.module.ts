import { Module } from '@nestjs/common';
import { WebhooksModule } from '../../webhooks/webhooks.module.js';
import { WebhooksResolver } from './webhooks.resolver.js';

/** The webhooks' GraphQL operations: imported by the api only. */
@Module({
  imports: [WebhooksModule],
  providers: [WebhooksResolver],
})
export class WebhooksGraphqlModule {}

import { Args, ID, Int, Mutation, Query, Resolver } from '@nestjs/graphql';
import type { Actor } from '@pit/accounts';
import { CurrentActor } from '@pit/accounts/graphql';
import { WebhooksService, type WebhookDeliveryRow, type WebhookRow } from '../../webhooks/webhooks.service.js';
import { RegisterWebhookInput, RegisteredWebhookType, WebhookDeliveryType, WebhookType } from './webhooks.types.js';

/** An authority's webhooks for partner back offices: its agents and admins (authority.webhooks / webhook.manage, audited). */
@Resolver(() => WebhookType)
export class WebhooksResolver {
  constructor(private readonly service: WebhooksService) {}

  @Query(() => [WebhookType], { description: 'An authority’s webhooks, active first: its agents, and admins' })
  async webhooks(@CurrentActor() actor: Actor | null, @Args('authorityId', { type: () => ID }) authorityId: string): Promise<WebhookRow[]> {
    return this.service.list(actor, authorityId);
  }

  @Mutation(() => RegisteredWebhookType, { description: 'Registers a webhook; its signing secret is returned once (audited): the authority’s agents, and admins' })
  async registerWebhook(
    @CurrentActor() actor: Actor | null,
    @Args('authorityId', { type: () => ID }) authorityId: string,
    @Args('input', { type: () => RegisterWebhookInput }) input: RegisterWebhookInput,
  ): Promise<RegisteredWebhookType> {
    return this.service.register(actor, authorityId, input);
  }

  @Mutation(() => WebhookType, { description: 'Disables a webhook: nothing more is sent to it (audited): the authority’s agents, and admins' })
  async disableWebhook(@CurrentActor() actor: Actor | null, @Args('id', { type: () => ID }) id: string): Promise<WebhookRow> {
    return this.service.disable(actor, id);
  }

  @Query(() => [WebhookDeliveryType], { description: 'A webhook’s latest deliveries, newest first, with their attempts: the authority’s agents, and admins' })
  async webhookDeliveries(
    @CurrentActor() actor: Actor | null,
    @Args('webhookId', { type: () => ID }) webhookId: string,
    @Args('first', { type: () => Int, defaultValue: 20 }) first: number,
  ): Promise<WebhookDeliveryRow[]> {
    return this.service.deliveries(actor, webhookId, first);
  }
}

import { Args, ID, Mutation, Query, Resolver } from '@nestjs/graphql';
import type { Actor } from '@pit/accounts';
import { CurrentActor } from '@pit/accounts/graphql';
import type { Open311KeyRow } from '../../open311/open311.repository.js';
import { Open311Service } from '../../open311/open311.service.js';
import { IssuedOpen311KeyType, Open311KeyType } from './open311.types.js';

/** The partners' Open311 API keys: admins issue, list and revoke them (open311.manage, audited). */
@Resolver(() => Open311KeyType)
export class Open311Resolver {
  constructor(private readonly open311: Open311Service) {}

  @Query(() => [Open311KeyType], { description: 'Open311 API keys, active first: admins' })
  async open311Keys(@CurrentActor() actor: Actor | null): Promise<Open311KeyType[]> {
    return (await this.open311.keys(actor)).map(toOpen311Key);
  }

  @Mutation(() => IssuedOpen311KeyType, { description: 'Issues an Open311 API key to a partner; the clear key is returned once (audited): admins' })
  async issueOpen311Key(@CurrentActor() actor: Actor | null, @Args('partnerName', { type: () => String }) partnerName: string): Promise<IssuedOpen311KeyType> {
    const issued = await this.open311.issueKey(actor, partnerName);
    return { key: toOpen311Key(issued.key), secret: issued.secret };
  }

  @Mutation(() => Open311KeyType, { description: 'Revokes an Open311 API key: its next POST gets 403 (audited): admins' })
  async revokeOpen311Key(@CurrentActor() actor: Actor | null, @Args('id', { type: () => ID }) id: string): Promise<Open311KeyType> {
    return toOpen311Key(await this.open311.revokeKey(actor, id));
  }
}

function toOpen311Key(row: Open311KeyRow): Open311KeyType {
  return {
    id: row.id,
    partnerName: row.partnerName,
    prefix: row.keyPrefix,
    createdAt: row.createdAt,
    createdBy: row.createdByPseudonym,
    revokedAt: row.revokedAt,
    lastUsedAt: row.lastUsedAt,
    requestCount: row.requestCount,
  };
}

import { Args, Int, Query, Resolver } from '@nestjs/graphql';
import { AuditJournalRepository, encodeAuditCursor } from '@pit/core';
import { AccessService, type Actor } from '@pit/accounts';
import { CurrentActor } from '@pit/accounts/graphql';
import { AuditEntryConnectionType, AuditFilterInput } from './exports.types.js';
import { toAuditEntryType } from './exports.mapper.js';

@Resolver()
export class AuditResolver {
  constructor(
    private readonly access: AccessService,
    private readonly journal: AuditJournalRepository,
  ) {}

  @Query(() => AuditEntryConnectionType, { description: 'The audit journal of staff mutations, newest first, keyset-paginated (1-200 per page): admins' })
  async auditEntries(
    @CurrentActor() actor: Actor | null,
    @Args('filter', { type: () => AuditFilterInput, nullable: true }) filter: AuditFilterInput | null,
    @Args('first', { type: () => Int, nullable: true, defaultValue: 50 }) first: number,
    @Args('after', { type: () => String, nullable: true }) after: string | null,
  ): Promise<AuditEntryConnectionType> {
    await this.access.require(actor, 'audit.read');
    const page = await this.journal.page(filter ?? {}, first ?? 50, after);
    const edges = page.items.map((row) => ({ cursor: encodeAuditCursor(row.position), node: toAuditEntryType(row) }));
    return { edges, pageInfo: { hasNextPage: page.hasNextPage, endCursor: edges.at(-1)?.cursor ?? null } };
  }
}

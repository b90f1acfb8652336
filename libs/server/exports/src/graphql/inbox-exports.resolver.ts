import { Args, ID, Int, Mutation, Query, Resolver } from '@nestjs/graphql';
import { AccessService, type Actor } from '@pit/accounts';
import { CurrentActor } from '@pit/accounts/graphql';
import { InboxFilterInput } from '@pit/needs/graphql';
import { InboxExportsService } from '../inbox-exports.service.js';
import { InboxExportType } from './exports.types.js';
import { toInboxExportType } from './exports.mapper.js';

const NO_ID = '00000000-0000-0000-0000-000000000000';

@Resolver()
export class InboxExportsResolver {
  constructor(
    private readonly access: AccessService,
    private readonly exports: InboxExportsService,
  ) {}

  @Mutation(() => InboxExportType, {
    description: "Asks for a CSV export of an authority's inbox with the inbox's filter and search (audited); a job builds it. Its agents and admins",
  })
  async requestInboxExport(
    @CurrentActor() actor: Actor | null,
    @Args('authorityId', { type: () => ID }) authorityId: string,
    @Args('filter', { type: () => InboxFilterInput, nullable: true }) filter: InboxFilterInput | null,
    @Args('q', { type: () => String, nullable: true }) q: string | null,
  ): Promise<InboxExportType> {
    const me = await this.access.require(actor, 'authority.inbox', [authorityId]);
    return toInboxExportType(await this.exports.request(me, authorityId, filter, q), this.exports);
  }

  @Query(() => InboxExportType, { description: 'One inbox export and its progress: the person who asked for it, and admins' })
  async inboxExport(@CurrentActor() actor: Actor | null, @Args('id', { type: () => ID }) id: string): Promise<InboxExportType> {
    // An unknown id is refused like someone else's export.
    await this.access.require(actor, 'export.read', [id || NO_ID]);
    return toInboxExportType((await this.exports.find(id))!, this.exports);
  }

  @Query(() => [InboxExportType], { description: 'The inbox exports the logged-in person asked for, newest first (expired ones are deleted)' })
  async myInboxExports(
    @CurrentActor() actor: Actor | null,
    @Args('first', { type: () => Int, nullable: true, defaultValue: 20 }) first: number,
  ): Promise<InboxExportType[]> {
    const me = await this.access.require(actor, 'account.self');
    return (await this.exports.mine(me, first ?? 20)).map((row) => toInboxExportType(row, this.exports));
  }
}

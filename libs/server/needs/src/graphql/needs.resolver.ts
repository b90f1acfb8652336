import { Args, ID, Int, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { NeedStatus, normalizeReference } from '@pit/domain';
import { AccessService, type Actor, type RequestInfo } from '@pit/accounts';
import { CurrentActor, CurrentRequest } from '@pit/accounts/graphql';
import { GeocoderService, GeocoderUnavailableError, TerritoryService } from '@pit/territory';
import { NeedsService, encodeCursor } from '../needs.service.js';
import { NeedDraftsService } from '../drafts/need-drafts.service.js';
import { NeedWorkflowService } from '../need-workflow.service.js';
import { ChangeNeedStatusInput } from './change-need-status.input.js';
import { NeedRoutingService } from '../routing/need-routing.service.js';
import { RequalifyNeedInput, TransferNeedInput } from './routing.inputs.js';
import type { DraftRow } from '../drafts/need-drafts.repository.js';
import type { DraftPayload } from '../drafts/need-drafts.service.js';
import { NeedMapper } from './need.mapper.js';
import {
  AddressSearchResultType,
  NeedConnectionType,
  NeedDraftInput,
  NeedDraftType,
  NeedFilterInput,
  NeedSortEnum,
  NeedType,
  SubmitNeedInput,
  UpdateNeedInput,
} from './need.types.js';

@Resolver(() => NeedType)
export class NeedsResolver {
  constructor(
    private readonly needsService: NeedsService,
    private readonly drafts: NeedDraftsService,
    private readonly mapper: NeedMapper,
    private readonly access: AccessService,
    private readonly geocoder: GeocoderService,
    private readonly territory: TerritoryService,
    private readonly workflow: NeedWorkflowService,
    private readonly routings: NeedRoutingService,
  ) {}

  @Query(() => NeedType, { nullable: true, description: 'A public need by its reference (B-XXXXXX); null when unknown' })
  async need(
    @CurrentActor() actor: Actor | null,
    @Args('reference', { type: () => String }) reference: string,
    @Args('viewToken', { type: () => String, nullable: true, description: "The author's view token (see Need.authorViewToken)" }) viewToken: string | null,
  ): Promise<NeedType | null> {
    const canonical = normalizeReference(reference.slice(0, 40));
    if (!canonical) return null;
    const need = await this.needsService.findPublic(canonical, viewToken?.slice(0, 100) ?? null, actor?.personId ?? null);
    return need ? this.mapper.toType(need) : null;
  }

  @Query(() => NeedConnectionType, { description: 'Public needs: filters, French full-text search q, sorts; keyset pagination for every sort' })
  async needs(
    @Args('filter', { type: () => NeedFilterInput, nullable: true }) filter: NeedFilterInput | null,
    @Args('sort', { type: () => NeedSortEnum, nullable: true, defaultValue: NeedSortEnum.NEWEST }) sort: NeedSortEnum,
    @Args('q', { type: () => String, nullable: true, description: 'Words to search in titles and descriptions (French stemming, accents ignored)' }) q: string | null,
    @Args('first', { type: () => Int, nullable: true, defaultValue: 20 }) first: number,
    @Args('after', { type: () => String, nullable: true }) after: string | null,
  ): Promise<NeedConnectionType> {
    const { communeCode, epciCode, themeKey, status, kind, awaitingAnswer } = filter ?? {};
    return this.connection(await this.needsService.list({ communeCode, epciCode, themeKey, status, kind, awaitingAnswer, q }, first, after, sort ?? NeedSortEnum.NEWEST));
  }

  private async connection(page: Awaited<ReturnType<NeedsService['list']>>): Promise<NeedConnectionType> {
    const edges = await Promise.all(page.items.map(async (item) => ({ cursor: encodeCursor(item.position), node: await this.mapper.toType(item) })));
    return {
      edges,
      pageInfo: { hasNextPage: page.hasNextPage, endCursor: edges.at(-1)?.cursor ?? null },
      totalCount: page.totalCount,
    };
  }

  @Query(() => NeedConnectionType, { description: 'The needs the actor submitted (any status), newest first' })
  async myNeeds(
    @CurrentActor() actor: Actor | null,
    @Args('first', { type: () => Int, nullable: true, defaultValue: 20 }) first: number,
    @Args('after', { type: () => String, nullable: true }) after: string | null,
  ): Promise<NeedConnectionType> {
    const me = await this.access.require(actor, 'account.self');
    return this.connection(await this.needsService.list({ authorId: me.personId }, first, after));
  }

  @Query(() => [NeedType], { description: 'Public needs that look like the one being written: at most 5, same commune first, then same EPCI' })
  async similarNeeds(
    @Args('title', { type: () => String }) title: string,
    @Args('description', { type: () => String, nullable: true }) description: string | null,
    @Args('communeCode', { type: () => String, nullable: true }) communeCode: string | null,
  ): Promise<NeedType[]> {
    const needs = await this.needsService.similar({ title: title.slice(0, 1000), description: description?.slice(0, 10_000) ?? null, communeCode: communeCode?.slice(0, 5) ?? null });
    return Promise.all(needs.map((need) => this.mapper.toType(need)));
  }

  @Query(() => AddressSearchResultType, { description: 'Address search through the BAN geocoder; when it cannot answer, `unavailable` says so in French' })
  async addressSearch(@Args('q', { type: () => String }) q: string): Promise<AddressSearchResultType> {
    try {
      const found = await this.geocoder.search(q.slice(0, 200), { limit: 5 });
      const addresses = await Promise.all(found.map(async (address) => ({ ...address, inTerritory: Boolean(await this.territory.commune(address.citycode)) })));
      return { addresses, unavailable: null };
    } catch (error) {
      if (error instanceof GeocoderUnavailableError) return { addresses: [], unavailable: error.message };
      throw error;
    }
  }

  @ResolveField(() => Boolean, { description: 'Whether the actor may edit or withdraw this need now (its author, while reçu or transmis)' })
  canEdit(@Parent() need: NeedType, @CurrentActor() actor: Actor | null): boolean {
    return Boolean(actor && need.authorId === actor.personId && ['pending_confirmation', 'received', 'transmitted'].includes(need.status));
  }

  @Mutation(() => NeedType, {
    description: 'Submits a need; it is routed to the competent authority shortly after. Without an account, authorEmail is required and the need waits for confirmation',
  })
  async submitNeed(
    @Args('input', { type: () => SubmitNeedInput }) input: SubmitNeedInput,
    @CurrentActor() actor: Actor | null,
    @CurrentRequest() request: RequestInfo,
  ): Promise<NeedType> {
    const need = await this.needsService.submit(input, actor, request);
    return this.mapper.toType(need, need.viewToken);
  }

  @Mutation(() => NeedType, { description: 'Publishes a need submitted without an account, from the emailed link' })
  async confirmNeed(@Args('token', { type: () => String }) token: string): Promise<NeedType> {
    return this.mapper.toType(await this.needsService.confirm(token.slice(0, 200)));
  }

  @Mutation(() => NeedType, { description: 'Its author edits a need while it is reçu or transmis (before en étude)' })
  async updateNeed(
    @CurrentActor() actor: Actor | null,
    @Args('reference', { type: () => String }) reference: string,
    @Args('input', { type: () => UpdateNeedInput }) input: UpdateNeedInput,
  ): Promise<NeedType> {
    const me = await this.requireAuthor(actor, reference);
    return this.mapper.toType(await this.needsService.update(me, normalizeReference(reference)!, input));
  }

  @Mutation(() => NeedType, { description: 'Its author withdraws a need while it is reçu or transmis; it stays public as "retiré par son auteur"' })
  async withdrawNeed(
    @CurrentActor() actor: Actor | null,
    @Args('reference', { type: () => String }) reference: string,
    @Args('reason', { type: () => String, nullable: true }) reason: string | null,
  ): Promise<NeedType> {
    const me = await this.requireAuthor(actor, reference);
    return this.mapper.toType(await this.needsService.withdraw(me, normalizeReference(reference)!, reason?.slice(0, 2000) ?? null));
  }

  @Mutation(() => NeedType, {
    description:
      "Staff move a need through the status workflow (@pit/domain need-workflow): agents of its current authority and admins; hidden (moderation) moderators and admins. The answer is public, as the status's note in the history",
  })
  async changeNeedStatus(
    @CurrentActor() actor: Actor | null,
    @Args('reference', { type: () => String }) reference: string,
    @Args('input', { type: () => ChangeNeedStatusInput }) input: ChangeNeedStatusInput,
  ): Promise<NeedType> {
    const canonical = normalizeReference(reference.slice(0, 40));
    const id = canonical ? await this.needsService.idByReference(canonical) : null;
    // An unknown reference is refused like a need of another authority: nothing to learn from the answer.
    const me = await this.access.require(actor, input.status === NeedStatus.Hidden ? 'need.moderate' : 'need.triage', [id ?? '00000000-0000-0000-0000-000000000000']);
    const { status, ...fields } = input;
    return this.mapper.toType(await this.workflow.changeStatus(me, id!, { ...fields, status: status as NeedStatus }));
  }

  @Mutation(() => NeedType, {
    description:
      "Staff requalify a need's category: routing runs again and the need moves to the competent authority, its status unchanged; agents of its current authority and admins. The reason is public (Need.routings)",
  })
  async requalifyNeed(
    @CurrentActor() actor: Actor | null,
    @Args('reference', { type: () => String }) reference: string,
    @Args('input', { type: () => RequalifyNeedInput }) input: RequalifyNeedInput,
  ): Promise<NeedType> {
    const { me, id } = await this.requireTriage(actor, reference, 'need.co_assign');
    return this.mapper.toType(await this.routings.requalify(me, id, input));
  }

  @Mutation(() => NeedType, {
    description:
      'Staff transfer a need to another authority (of the territory or an outside body): an event, not a status; agents of its current authority and admins. The reason is public (Need.routings)',
  })
  async transferNeed(
    @CurrentActor() actor: Actor | null,
    @Args('reference', { type: () => String }) reference: string,
    @Args('input', { type: () => TransferNeedInput }) input: TransferNeedInput,
  ): Promise<NeedType> {
    const { me, id } = await this.requireTriage(actor, reference, 'need.co_assign');
    return this.mapper.toType(await this.routings.transfer(me, id, input));
  }

  /** need.triage, or need.co_assign for moves only the authority in charge decides (requalify, transfer). */
  private async requireTriage(actor: Actor | null, reference: string, action: 'need.triage' | 'need.co_assign' = 'need.triage'): Promise<{ me: Actor; id: string }> {
    const canonical = normalizeReference(reference.slice(0, 40));
    const id = canonical ? await this.needsService.idByReference(canonical) : null;
    // An unknown reference is refused like a need of another authority: nothing to learn from the answer.
    const me = await this.access.require(actor, action, [id ?? '00000000-0000-0000-0000-000000000000']);
    return { me, id: id! };
  }

  private async requireAuthor(actor: Actor | null, reference: string): Promise<Actor> {
    const canonical = normalizeReference(reference.slice(0, 40));
    const id = canonical ? await this.needsService.idByReference(canonical) : null;
    // An unknown reference is refused like someone else's need: nothing to learn from the answer.
    return this.access.require(actor, 'need.author', id ? [id] : ['00000000-0000-0000-0000-000000000000']);
  }

  @Query(() => [NeedDraftType], { description: "The actor's drafts, last saved first" })
  async myNeedDrafts(@CurrentActor() actor: Actor | null): Promise<NeedDraftType[]> {
    const me = await this.access.require(actor, 'account.self');
    return (await this.drafts.list(me)).map(toDraftType);
  }

  @Query(() => NeedDraftType, { nullable: true, description: "One of the actor's drafts; null when it is not theirs or no longer exists" })
  async needDraft(@CurrentActor() actor: Actor | null, @Args('id', { type: () => ID }) id: string): Promise<NeedDraftType | null> {
    const me = await this.access.require(actor, 'account.self');
    const draft = await this.drafts.find(me, id);
    return draft ? toDraftType(draft) : null;
  }

  @Mutation(() => NeedDraftType, { description: 'Saves a draft (creates it without draftId); photos uploaded beforehand stay with it' })
  async saveNeedDraft(
    @CurrentActor() actor: Actor | null,
    @Args('draftId', { type: () => ID, nullable: true }) draftId: string | null,
    @Args('input', { type: () => NeedDraftInput }) input: NeedDraftInput,
  ): Promise<NeedDraftType> {
    const me = await this.access.require(actor, 'account.self');
    const { address, photos, ...rest } = input;
    const payload: Partial<DraftPayload> = {
      ...Object.fromEntries(Object.entries(rest).filter(([, value]) => value !== null && value !== undefined)),
      addressLabel: address?.label ?? '',
      addressCitycode: address?.citycode ?? '',
      addressLat: address?.lat ?? null,
      addressLon: address?.lon ?? null,
      photos: photos ?? [],
    };
    return toDraftType(await this.drafts.save(me, draftId, payload));
  }

  @Mutation(() => Boolean, { description: "Deletes one of the actor's drafts; false when it no longer exists" })
  async deleteNeedDraft(@CurrentActor() actor: Actor | null, @Args('id', { type: () => ID }) id: string): Promise<boolean> {
    const me = await this.access.require(actor, 'account.self');
    return this.drafts.delete(me, id);
  }
}

function toDraftType(row: DraftRow): NeedDraftType {
  const payload = row.payload as unknown as DraftPayload;
  const text = (value: unknown) => (typeof value === 'string' ? value : '');
  return {
    id: row.id,
    title: text(payload.title),
    description: text(payload.description),
    kind: text(payload.kind),
    categoryKey: text(payload.categoryKey),
    communeCode: text(payload.communeCode),
    affectedGroups: Array.isArray(payload.affectedGroups) ? payload.affectedGroups.map(text) : [],
    frequency: text(payload.frequency),
    peopleRange: text(payload.peopleRange),
    address:
      payload.addressLabel && typeof payload.addressLat === 'number' && typeof payload.addressLon === 'number'
        ? { label: payload.addressLabel, lat: payload.addressLat, lon: payload.addressLon, citycode: text(payload.addressCitycode) }
        : null,
    addressCitycode: payload.addressCitycode || null,
    organisationId: text(payload.organisationId),
    photos: Array.isArray(payload.photos) ? payload.photos.map((photo) => ({ token: text(photo.token), alt: text(photo.alt) })) : [],
    createdAt: new Date(row.createdAt),
    updatedAt: new Date(row.updatedAt),
  };
}

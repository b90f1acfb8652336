import { Args, ID, Mutation, Query, Resolver } from '@nestjs/graphql';
import type { Actor, RequestInfo } from '@pit/accounts';
import { CurrentActor, CurrentRequest } from '@pit/accounts/graphql';
import { NeedMapper } from '../need.mapper.js';
import { NeedType } from '../need.types.js';
import type { NeedChannelEnum } from '../inbox/inbox.types.js';
import type { NeedStatusEnum } from '../need.types.js';
import { AssistedIntakeService } from '../../assisted/assisted-intake.service.js';
import type { MandateEventRow, MandateRow, TodoRow } from '../../assisted/assisted.repository.js';
import {
  AssistedSubmissionType,
  CommuneChannelStatisticsType,
  MandateType,
  MediationTodoType,
  SubmitAssistedNeedInput,
  TrackedNeedType,
} from './assisted.types.js';

/** Assisted intake (dépôt accompagné), tracking by code, claims, the places' to-dos, channel statistics. */
@Resolver()
export class AssistedResolver {
  constructor(
    private readonly assisted: AssistedIntakeService,
    private readonly mapper: NeedMapper,
  ) {}

  @Mutation(() => AssistedSubmissionType, {
    description: 'Records a need for a resident without an account or email, under a mandate; published at once under a pseudonym (audited): mediators and agents of the place, admins',
  })
  async submitAssistedNeed(
    @CurrentActor() actor: Actor | null,
    @CurrentRequest() request: RequestInfo,
    @Args('input', { type: () => SubmitAssistedNeedInput }) input: SubmitAssistedNeedInput,
  ): Promise<AssistedSubmissionType> {
    const { need, mandate } = await this.assisted.submit(actor, input, request);
    return { need: await this.mapper.toType(need), mandate: mapMandate(mandate, []) };
  }

  @Query(() => MandateType, { nullable: true, description: "A need's mandate with its journal (journaled as viewed): the place's mediators, its recorder, admins" })
  async needMandate(
    @CurrentActor() actor: Actor | null,
    @Args('reference', { type: () => String }) reference: string,
    @Args('receipt', { type: () => Boolean, nullable: true, description: 'Journaled as the printing of the receipt' }) receipt: boolean | null,
  ): Promise<MandateType | null> {
    const found = await this.assisted.mandate(actor, reference, receipt ? 'receipt' : 'viewed');
    return found ? mapMandate(found.mandate, found.events) : null;
  }

  @Query(() => [MandateType], { description: "A place's mandates, in force first: its mediators and admins (an agent: the ones they recorded)" })
  async placeMandates(@CurrentActor() actor: Actor | null, @Args('authorityId', { type: () => ID }) authorityId: string): Promise<MandateType[]> {
    return (await this.assisted.placeMandates(actor, authorityId.slice(0, 40))).map((row) => mapMandate(row, []));
  }

  @Mutation(() => MandateType, { description: 'Revokes a mandate now; the resident’s label and contact are erased (audited): the place’s mediators, its recorder, admins' })
  async revokeMandate(@CurrentActor() actor: Actor | null, @Args('reference', { type: () => String }) reference: string): Promise<MandateType> {
    return mapMandate(await this.assisted.revoke(actor, reference), []);
  }

  @Query(() => TrackedNeedType, { nullable: true, description: 'Follow a need by its tracking code (its reference), without an account: anyone' })
  async trackNeed(@Args('code', { type: () => String }) code: string): Promise<TrackedNeedType | null> {
    const tracked = await this.assisted.track(code);
    return tracked ? { ...tracked, status: tracked.status as NeedStatusEnum } : null;
  }

  @Mutation(() => NeedType, { description: 'Claims a need recorded for oneself into one’s account, with its code and the phone number given at the counter (wrong tries throttled): logged-in people' })
  async claimNeed(
    @CurrentActor() actor: Actor | null,
    @Args('reference', { type: () => String }) reference: string,
    @Args('phone', { type: () => String }) phone: string,
  ): Promise<NeedType> {
    return this.mapper.toType(await this.assisted.claim(actor, reference, phone));
  }

  @Query(() => [MediationTodoType], { description: "A place's to-dos (open by default): its mediators and admins (an agent: those of the mandates they recorded)" })
  async mediationTodos(
    @CurrentActor() actor: Actor | null,
    @Args('authorityId', { type: () => ID }) authorityId: string,
    @Args('done', { type: () => Boolean, nullable: true, description: 'true: the latest done ones' }) done: boolean | null,
  ): Promise<MediationTodoType[]> {
    return (await this.assisted.todos(actor, authorityId.slice(0, 40), !done)).map(mapTodo);
  }

  @Query(() => MediationTodoType, { nullable: true, description: 'One to-do, for its printable letter (journaled): the place’s mediators, the recorder, admins' })
  async mediationTodo(@CurrentActor() actor: Actor | null, @Args('id', { type: () => ID }) id: string): Promise<MediationTodoType | null> {
    const todo = await this.assisted.todo(actor, id.slice(0, 40));
    return todo ? mapTodo(todo) : null;
  }

  @Mutation(() => MediationTodoType, { description: 'Marks a to-do done, with an optional note (journaled, audited): the place’s mediators, the recorder, admins' })
  async completeMediationTodo(
    @CurrentActor() actor: Actor | null,
    @Args('id', { type: () => ID }) id: string,
    @Args('note', { type: () => String, nullable: true }) note: string | null,
  ): Promise<MediationTodoType> {
    return mapTodo(await this.assisted.completeTodo(actor, id.slice(0, 40), note?.slice(0, 10_000) ?? null));
  }

  @Query(() => [CommuneChannelStatisticsType], { description: 'Needs per commune and channel, with the share of assisted ones: admins' })
  async channelStatistics(@CurrentActor() actor: Actor | null): Promise<CommuneChannelStatisticsType[]> {
    return (await this.assisted.channelStatistics(actor)).map((row) => ({ ...row, byChannel: row.byChannel.map((entry) => ({ channel: entry.channel as NeedChannelEnum, count: entry.count })) }));
  }
}

function mapMandate(row: MandateRow, events: MandateEventRow[]): MandateType {
  return {
    id: row.id,
    reference: row.reference,
    title: row.title,
    description: row.description,
    status: row.status as NeedStatusEnum,
    communeName: row.communeName,
    channel: row.channel as NeedChannelEnum,
    placeAuthorityId: row.authorityId,
    placeName: row.placeName,
    placePhone: row.placePhone,
    pseudonym: row.pseudonym,
    residentLabel: row.residentLabel,
    contactKind: row.contactKind.toUpperCase(),
    contactValue: row.contactValue,
    duration: row.duration.toUpperCase(),
    publicationConsent: row.publicationConsent,
    active: row.active,
    expiresAt: new Date(row.expiresAt),
    endedAt: row.revokedAt ? new Date(row.revokedAt) : !row.active ? new Date(row.expiresAt) : null,
    endReason: row.endReason ?? (row.active ? null : 'expired'),
    createdAt: new Date(row.createdAt),
    events: events.map((event) => ({ ...event, at: new Date(event.at) })),
  };
}

function mapTodo(row: TodoRow): MediationTodoType {
  return {
    ...row,
    kind: row.kind.toUpperCase(),
    status: row.status as NeedStatusEnum,
    changedAt: new Date(row.changedAt),
    createdAt: new Date(row.createdAt),
    doneAt: row.doneAt ? new Date(row.doneAt) : null,
  };
}

import { Args, ID, Int, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { NEED_REPORT_REASON_LABELS, normalizeReference, type NeedReportReason } from '@pit/domain';
import { AccessService, type Actor } from '@pit/accounts';
import { CurrentActor } from '@pit/accounts/graphql';
import { NeedsService } from '../../needs.service.js';
import { NeedMapper } from '../need.mapper.js';
import { NeedType } from '../need.types.js';
import { ModerationService } from '../../moderation/moderation.service.js';
import { ModerationRepository, type ModerationItemView } from '../../moderation/moderation.repository.js';
import {
  ModerationItemType,
  ModerationSettingsType,
  ModerationSubjectEnum,
  PersonalDataKindEnum,
  ReportNeedInput,
} from './moderation.types.js';
import type { NeedStatusEnum } from '../need.types.js';

/** Stands for an unknown resource: refused like another authority's, nothing to learn from the answer. */
const NO_ID = '00000000-0000-0000-0000-000000000000';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
// Comment reports have one reason of their own (COMMENT_REPORT_REASONS in @pit/comments).
const REASON_LABELS: Record<string, string> = { ...NEED_REPORT_REASON_LABELS, off_topic: 'Sans rapport avec le besoin' };

@Resolver(() => NeedType)
export class ModerationResolver {
  constructor(
    private readonly access: AccessService,
    private readonly moderation: ModerationService,
    private readonly rows: ModerationRepository,
    private readonly needs: NeedsService,
    private readonly mapper: NeedMapper,
  ) {}

  @Query(() => [ModerationItemType], {
    description:
      "The moderation queue, oldest first: needs held by pre-moderation, reported needs and comments, personal data masked in their text. Moderators and admins; with authorityId, that authority's held needs for its agents too",
  })
  async moderationQueue(
    @CurrentActor() actor: Actor | null,
    @Args('first', { type: () => Int, nullable: true, defaultValue: 50, description: '1 to 100' }) first: number | null,
    @Args('authorityId', { type: () => ID, nullable: true, description: "Only this authority's needs held by pre-moderation (its agents may read them)" }) authorityId: string | null,
  ): Promise<ModerationItemType[]> {
    if (authorityId) await this.access.require(actor, 'moderation.held', [UUID.test(authorityId) ? authorityId : NO_ID]);
    else await this.access.require(actor, 'moderation.queue');
    return (await this.moderation.queue(first, authorityId)).map(toItemType);
  }

  @Query(() => ModerationSettingsType, { description: "An authority's moderation settings: its agents and admins" })
  async moderationSettings(@CurrentActor() actor: Actor | null, @Args('authorityId', { type: () => ID }) authorityId: string): Promise<ModerationSettingsType> {
    await this.access.require(actor, 'authority.settings', [UUID.test(authorityId) ? authorityId : NO_ID]);
    return this.moderation.settings(authorityId);
  }

  @Mutation(() => ModerationSettingsType, {
    description: "Turns an authority's pre-moderation on or off (for needs routed to it from then on), audited: its agents and admins",
  })
  async setPremoderation(
    @CurrentActor() actor: Actor | null,
    @Args('authorityId', { type: () => ID }) authorityId: string,
    @Args('enabled', { type: () => Boolean }) enabled: boolean,
  ): Promise<ModerationSettingsType> {
    const me = await this.access.require(actor, 'authority.settings', [UUID.test(authorityId) ? authorityId : NO_ID]);
    return this.moderation.setPremoderation(me, authorityId, enabled);
  }

  @Mutation(() => NeedType, { description: 'Publishes a need held by pre-moderation (audited): moderators, admins and agents of its authority' })
  async approveNeed(@CurrentActor() actor: Actor | null, @Args('reference', { type: () => String }) reference: string): Promise<NeedType> {
    const { me, id } = await this.requireNeed(actor, 'need.approve', reference);
    return this.mapper.toType(await this.moderation.approve(me, id));
  }

  @Mutation(() => NeedType, {
    description: 'Rejects a need held by pre-moderation: it becomes masqué with a public reason (10 to 2000 characters), audited: moderators, admins and agents of its authority',
  })
  async rejectNeed(
    @CurrentActor() actor: Actor | null,
    @Args('reference', { type: () => String }) reference: string,
    @Args('reason', { type: () => String }) reason: string,
  ): Promise<NeedType> {
    const { me, id } = await this.requireNeed(actor, 'need.approve', reference);
    return this.mapper.toType(await this.moderation.reject(me, id, reason.slice(0, 10_000)));
  }

  @Mutation(() => NeedType, {
    description: 'Restores a need hidden by moderation to the status it had before (from its history), audited: moderators and admins',
  })
  async unhideNeed(@CurrentActor() actor: Actor | null, @Args('reference', { type: () => String }) reference: string): Promise<NeedType> {
    const { me, id } = await this.requireNeed(actor, 'need.moderate', reference);
    return this.mapper.toType(await this.moderation.unhide(me, id));
  }

  @Mutation(() => Boolean, { description: "Clears a need's or comment's pending reports and masked personal data from the queue, audited: moderators and admins" })
  async dismissReports(
    @CurrentActor() actor: Actor | null,
    @Args('subject', { type: () => ModerationSubjectEnum }) subject: ModerationSubjectEnum,
    @Args('id', { type: () => ID }) id: string,
  ): Promise<boolean> {
    const me = await this.access.require(actor, 'moderation.queue');
    return this.moderation.dismiss(me, subject, UUID.test(id) ? id : NO_ID);
  }

  @Mutation(() => Boolean, {
    description: 'Hides a comment with a public reason (10 to 2000 characters): its text is replaced by "Masqué par la modération : <reason>", audited: moderators and admins',
  })
  async hideComment(
    @CurrentActor() actor: Actor | null,
    @Args('id', { type: () => ID }) id: string,
    @Args('reason', { type: () => String }) reason: string,
  ): Promise<boolean> {
    const me = await this.access.require(actor, 'moderation.queue');
    return this.moderation.hideComment(me, UUID.test(id) ? id : NO_ID, reason.slice(0, 10_000));
  }

  @Mutation(() => Boolean, { description: 'Reports a public need to moderation, once per person: any logged-in person but its author' })
  async reportNeed(
    @CurrentActor() actor: Actor | null,
    @Args('reference', { type: () => String }) reference: string,
    @Args('input', { type: () => ReportNeedInput }) input: ReportNeedInput,
  ): Promise<boolean> {
    const me = await this.access.require(actor, 'need.participate');
    const canonical = normalizeReference(reference.slice(0, 40));
    const id = canonical ? await this.needs.idByReference(canonical) : null;
    return this.moderation.report(me, id, input);
  }

  @ResolveField(() => Boolean, { description: 'Held by pre-moderation: seen only by its author (and staff) until approved' })
  async awaitingModeration(@Parent() need: NeedType): Promise<boolean> {
    return this.rows.isHeld(need.id);
  }

  @ResolveField(() => [PersonalDataKindEnum], {
    description: 'For its author: the personal data masked in its text at the last submission or edit (empty for anyone else, and once reviewed)',
  })
  async maskedPersonalData(@Parent() need: NeedType, @CurrentActor() actor: Actor | null): Promise<PersonalDataKindEnum[]> {
    if (!actor || need.authorId !== actor.personId) return [];
    return (await this.rows.pendingPersonalData(need.id)) as PersonalDataKindEnum[];
  }

  private async requireNeed(actor: Actor | null, action: 'need.approve' | 'need.moderate', reference: string): Promise<{ me: Actor; id: string }> {
    const canonical = normalizeReference(reference.slice(0, 40));
    const id = canonical ? await this.needs.idByReference(canonical) : null;
    // An unknown reference is refused like a need of another authority: nothing to learn from the answer.
    const me = await this.access.require(actor, action, [id ?? NO_ID]);
    return { me, id: id! };
  }
}

function toItemType(item: ModerationItemView): ModerationItemType {
  return {
    subject: item.subjectType as ModerationSubjectEnum,
    id: item.id,
    needReference: item.needReference,
    needTitle: item.needTitle,
    needDescription: item.needDescription,
    needStatus: item.needStatus as unknown as NeedStatusEnum,
    authorityName: item.authorityName,
    commentBody: item.commentBody,
    authorPseudonym: item.authorPseudonym,
    held: item.held,
    reports: item.reports.map((report) => ({ ...report, reasonLabel: REASON_LABELS[report.reason as NeedReportReason] ?? report.reason })),
    personalData: item.personalData as PersonalDataKindEnum[],
    since: item.since,
  };
}

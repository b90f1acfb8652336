import { Args, ID, Mutation, Query, Resolver } from '@nestjs/graphql';
import { normalizeReference } from '@pit/domain';
import { badUserInput } from '@pit/core';
import { AccessService, type Actor } from '@pit/accounts';
import { CurrentActor } from '@pit/accounts/graphql';
import { NeedMapper } from '../need.mapper.js';
import type { NeedStatusEnum } from '../need.types.js';
import { TriageService, type TriageView } from '../../triage/triage.service.js';
import { InternalNoteType, TriageNeedType } from './triage.types.js';

/** Stands for an unknown need: refused like another authority's, nothing to learn from the answer. */
const NO_ID = '00000000-0000-0000-0000-000000000000';

@Resolver(() => TriageNeedType)
export class TriageResolver {
  constructor(
    private readonly access: AccessService,
    private readonly triage: TriageService,
    private readonly mapper: NeedMapper,
  ) {}

  @Query(() => TriageNeedType, {
    nullable: true,
    description: 'Everything about a need for staff, in at most 5 SQL statements whatever its size: agents of its authority and admins',
  })
  async triageNeed(@CurrentActor() actor: Actor | null, @Args('reference', { type: () => String }) reference: string): Promise<TriageNeedType | null> {
    const { me, id } = await this.requireTriage(actor, reference);
    // Only admins get past the check for an unknown reference: null for them.
    const view = id ? await this.triage.load(me, id) : null;
    return view ? this.toType(view) : null;
  }

  @Mutation(() => TriageNeedType, {
    description: "Assigns a need to an agent of its authority (or of a co-assigned one), or back to the unassigned queue with null (audited): agents of its authority and admins",
  })
  async assignNeed(
    @CurrentActor() actor: Actor | null,
    @Args('reference', { type: () => String }) reference: string,
    @Args('assigneeId', { type: () => ID, nullable: true }) assigneeId: string | null,
  ): Promise<TriageNeedType> {
    const { me, id } = await this.requireKnown(actor, reference);
    await this.triage.assign(me, id, assigneeId?.slice(0, 100) ?? null);
    return this.toType((await this.triage.load(me, id))!);
  }

  @Mutation(() => InternalNoteType, { description: 'Adds a staff-only note to a need, 1 to 2000 characters (audited): agents of its authority and admins' })
  async addInternalNote(
    @CurrentActor() actor: Actor | null,
    @Args('reference', { type: () => String }) reference: string,
    @Args('body', { type: () => String }) body: string,
  ): Promise<InternalNoteType> {
    const { me, id } = await this.requireKnown(actor, reference);
    return this.triage.addNote(me, id, body.slice(0, 20_000));
  }

  /** An unknown reference is refused like another authority's need (admins pass: id null). */
  private async requireTriage(actor: Actor | null, reference: string): Promise<{ me: Actor; id: string | null }> {
    const canonical = normalizeReference(reference.slice(0, 40));
    const id = canonical ? await this.triage.idByReference(canonical) : null;
    const me = await this.access.require(actor, 'need.triage', [id ?? NO_ID]);
    return { me, id };
  }

  private async requireKnown(actor: Actor | null, reference: string): Promise<{ me: Actor; id: string }> {
    const { me, id } = await this.requireTriage(actor, reference);
    if (!id) throw badUserInput([{ field: 'reference', message: 'Ce besoin n’existe pas.' }]);
    return { me, id };
  }

  private async toType({ need, extras, allowedStatuses }: TriageView): Promise<TriageNeedType> {
    const date = (value: string | Date) => new Date(value);
    return {
      need: await this.mapper.toType(need),
      authorityId: extras.authorityId,
      channel: extras.channel,
      assignee: extras.assignee,
      answerDueAt: extras.answerDueAt ? date(extras.answerDueAt) : null,
      overdue: extras.overdue,
      supportCount: extras.supportCount,
      onlineSupportCount: extras.onlineSupportCount,
      paperSupportCount: extras.paperSupportCount,
      backers: extras.backers.map((backer) => ({ ...backer, backedAt: date(backer.backedAt) })),
      commentCount: extras.commentCount,
      latestComments: extras.latestComments.map((comment) => ({ ...comment, createdAt: date(comment.createdAt) })),
      coAssignments: extras.coAssignments.map((co) => ({ ...co, createdAt: date(co.createdAt) })),
      internalNotes: extras.internalNotes.map((note) => ({ ...note, createdAt: date(note.createdAt) })),
      allowedStatuses: allowedStatuses.map((choice) => ({ status: choice.status as NeedStatusEnum, label: choice.label, requiredFields: [...choice.requiredFields] })),
      answerTemplates: extras.answerTemplates.map((template) => ({ ...template, status: template.status as NeedStatusEnum | null, updatedAt: date(template.updatedAt) })),
      agents: extras.agents,
    };
  }
}

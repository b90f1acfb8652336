import { Args, ID, Mutation, Query, Resolver } from '@nestjs/graphql';
import { NEED_STATUS_LABELS, NeedStatus, normalizeReference } from '@pit/domain';
import { badUserInput, forbidden } from '@pit/core';
import { AccessService, type Actor } from '@pit/accounts';
import { CurrentActor } from '@pit/accounts/graphql';
import { NeedWorkflowService } from '../need-workflow.service.js';
import { AnswerTemplatesService } from '../templates/answer-templates.service.js';
import { AnswerTemplatesRepository, type AnswerTemplateRow } from '../templates/answer-templates.repository.js';
import { NeedMapper } from './need.mapper.js';
import { NeedType } from './need.types.js';
import { AnswerTemplateType, BulkChangeNeedStatusInput, SaveAnswerTemplateInput } from './need-workflow.types.js';

/** Stands for an unknown resource: refused like another authority's, nothing to learn from the answer. */
const NO_ID = '00000000-0000-0000-0000-000000000000';

@Resolver(() => AnswerTemplateType)
export class NeedWorkflowResolver {
  constructor(
    private readonly access: AccessService,
    private readonly workflow: NeedWorkflowService,
    private readonly templates: AnswerTemplatesService,
    private readonly templateRows: AnswerTemplatesRepository,
    private readonly mapper: NeedMapper,
  ) {}

  @Query(() => [AnswerTemplateType], { description: "An authority's answer templates, by title: its agents and admins" })
  async answerTemplates(@CurrentActor() actor: Actor | null, @Args('authorityId', { type: () => ID }) authorityId: string): Promise<AnswerTemplateType[]> {
    await this.access.require(actor, 'authority.inbox', [authorityId]);
    return (await this.templates.list(authorityId)).map(toTemplateType);
  }

  @Mutation(() => AnswerTemplateType, { description: "Creates or changes one of an authority's answer templates (audited): its agents and admins" })
  async saveAnswerTemplate(@CurrentActor() actor: Actor | null, @Args('input', { type: () => SaveAnswerTemplateInput }) input: SaveAnswerTemplateInput): Promise<AnswerTemplateType> {
    const existing = input.id ? await this.templates.find(input.id) : null;
    const me = await this.access.require(actor, 'authority.inbox', [input.authorityId, ...(input.id ? [existing?.authorityId ?? NO_ID] : [])]);
    const { status, ...fields } = input;
    return toTemplateType(await this.templates.save(me, { ...fields, status: (status ?? null) as NeedStatus | null }));
  }

  @Mutation(() => Boolean, { description: "Deletes one of an authority's answer templates (audited): its agents and admins" })
  async deleteAnswerTemplate(@CurrentActor() actor: Actor | null, @Args('id', { type: () => ID }) id: string): Promise<boolean> {
    const existing = await this.templates.find(id);
    const me = await this.access.require(actor, 'authority.inbox', [existing?.authorityId ?? NO_ID]);
    await this.templates.delete(me, id);
    return true;
  }

  @Mutation(() => [NeedType], {
    description:
      'Applies one status change (with a template or a free answer) to 1 to 100 needs, to all or to none: on any failing need, BAD_USER_INPUT lists each as references[i] with its reason and nothing changes. Agents of the needs’ authority and admins (hidden: moderators and admins)',
  })
  async bulkChangeNeedStatus(@CurrentActor() actor: Actor | null, @Args('input', { type: () => BulkChangeNeedStatusInput }) input: BulkChangeNeedStatusInput): Promise<NeedType[]> {
    const me = await this.access.require(actor, 'account.self');
    const status = input.status as NeedStatus;
    const canonical = input.references.map((reference) => normalizeReference(reference.slice(0, 40)));
    const ids = await this.templateRows.needIdsByReference(canonical.filter((reference): reference is string => Boolean(reference)));
    const needIds = canonical.map((reference) => (reference ? (ids.get(reference) ?? null) : null));
    const known = needIds.filter((id): id is string => Boolean(id));
    const denied = await this.access.deniedIds(me, status === NeedStatus.Hidden ? 'need.moderate' : 'need.triage', known);
    // Someone who may change none of them is refused outright, as by changeNeedStatus.
    if (known.every((id) => denied.has(id))) throw forbidden();
    const { references, templateId, answer, status: _status, ...fields } = input;
    const template = templateId ? await this.usableTemplate(me, templateId, status, answer) : null;
    const changed = await this.workflow.changeStatusInBulk(
      me,
      references.map((reference, i) => canonical[i] ?? reference.trim().slice(0, 40)),
      needIds,
      denied,
      { ...fields, status, answer: template ? template.body : answer, templateId: template?.id ?? null },
    );
    return Promise.all(changed.map((need) => this.mapper.toType(need)));
  }

  /** The template whose text becomes the answer: one of the actor's authorities', meant for this status or any. */
  private async usableTemplate(me: Actor, templateId: string, status: NeedStatus, answer: string | null | undefined): Promise<AnswerTemplateRow> {
    if (answer?.trim()) throw badUserInput([{ field: 'templateId', message: 'Choisissez un modèle ou écrivez une réponse, pas les deux.' }]);
    const template = await this.templates.find(templateId);
    if (!template || !(await this.access.check(me, 'authority.inbox', [template.authorityId]))) throw badUserInput([{ field: 'templateId', message: 'Ce modèle n’existe pas.' }]);
    if (template.status && template.status !== status) {
      throw badUserInput([{ field: 'templateId', message: `Ce modèle accompagne le statut « ${NEED_STATUS_LABELS[template.status].fr} » : choisissez un autre modèle.` }]);
    }
    return template;
  }
}

function toTemplateType(row: AnswerTemplateRow): AnswerTemplateType {
  return { id: row.id, authorityId: row.authorityId, title: row.title, body: row.body, status: row.status as AnswerTemplateType['status'], updatedAt: row.updatedAt };
}

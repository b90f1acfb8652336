import { Args, Context, ID, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { AccessService, type Actor } from '@pit/accounts';
import { CurrentActor, type GraphqlContext } from '@pit/accounts/graphql';
import { NeedType } from '@pit/needs/graphql';
import type { AuthorityKindEnum } from '@pit/territory/graphql';
import type { NeedStatusEnum } from '@pit/needs/graphql';
import { BatchLoader, loaderFor } from './batch-loader.js';
import { AccountabilityService, emptyFeedback, type AuthorityFigures, type ServiceFeedbackCounts, type ViewerServiceFeedback } from '../accountability/accountability.service.js';
import {
  AuthoritiesFiguresArgs,
  AuthorityFiguresPageType,
  AuthorityFiguresType,
  ServiceFeedbackInput,
  ServiceFeedbackType,
  ViewerServiceFeedbackType,
  type ServiceFeedbackAnswerEnum,
} from './accountability.types.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const toFigures = (figures: AuthorityFigures): AuthorityFiguresType => ({
  ...figures,
  kind: figures.kind as AuthorityKindEnum,
  byStatus: figures.byStatus.map((item) => ({ status: item.status as NeedStatusEnum, count: item.count })),
});

const toViewer = (viewer: ViewerServiceFeedback): ViewerServiceFeedbackType => ({ ...viewer, answer: viewer.answer as ServiceFeedbackAnswerEnum | null });

/** Need.serviceFeedback and Need.viewerServiceFeedback, batched per request. */
@Resolver(() => NeedType)
export class NeedServiceFeedbackFieldsResolver {
  constructor(private readonly accountability: AccountabilityService) {}

  @ResolveField(() => ServiceFeedbackType, { description: '“Ce service répond-il au besoin ?”: answers of its author and supporters once réalisé' })
  async serviceFeedback(@Parent() need: NeedType, @Context() context: GraphqlContext): Promise<ServiceFeedbackCounts> {
    return loaderFor(context, 'accountability.feedback', () => new BatchLoader((ids: string[]) => this.accountability.feedbackCounts(ids), emptyFeedback)).load(need.id);
  }

  @ResolveField(() => ViewerServiceFeedbackType, { nullable: true, description: 'The logged-in viewer’s survey answer and whether they may give one (null when anonymous)' })
  async viewerServiceFeedback(@Parent() need: NeedType, @Context() context: GraphqlContext): Promise<ViewerServiceFeedbackType | null> {
    const viewerId = context.actor?.personId;
    if (!viewerId) return null;
    const loader = loaderFor(
      context,
      'accountability.viewer',
      () => new BatchLoader((ids: string[]) => this.accountability.viewerFeedback(ids, viewerId), (): ViewerServiceFeedback => ({ eligible: false, open: false, answer: null, comment: null })),
    );
    return toViewer(await loader.load(need.id));
  }
}

@Resolver()
export class AccountabilityResolver {
  constructor(
    private readonly accountability: AccountabilityService,
    private readonly access: AccessService,
  ) {}

  @Query(() => AuthorityFiguresType, { nullable: true, description: 'Public accountability figures of one authority (null when unknown)' })
  async authorityFigures(@Args('authorityId', { type: () => ID }) authorityId: string): Promise<AuthorityFiguresType | null> {
    if (!UUID.test(authorityId ?? '')) return null;
    const [figures] = await this.accountability.figures([authorityId]);
    return figures ? toFigures(figures) : null;
  }

  @Query(() => AuthorityFiguresPageType, { description: 'Public accountability figures of the Pôle, the EPCIs and the communes, a page at a time' })
  async authoritiesFigures(@Args() args: AuthoritiesFiguresArgs): Promise<AuthorityFiguresPageType> {
    const first = Math.min(Math.max(args.first ?? 20, 1), 50);
    const offset = Math.min(Math.max(args.offset ?? 0, 0), 10_000);
    const page = await this.accountability.authorityPage(args.kind ?? null, first, offset);
    return { totalCount: page.totalCount, items: (await this.accountability.figures(page.ids)).map(toFigures) };
  }

  @Mutation(() => ViewerServiceFeedbackType, { description: 'The author or a supporter of a réalisé need says whether the service answers it (once each; a new answer replaces the previous one)' })
  async answerServiceFeedback(@CurrentActor() actor: Actor | null, @Args('input', { type: () => ServiceFeedbackInput }) input: ServiceFeedbackInput): Promise<ViewerServiceFeedbackType> {
    const needId = await this.accountability.needIdOf(input.reference);
    const self = await this.access.require(actor, 'need.service_feedback', needId ? [needId] : []);
    return toViewer(await this.accountability.answer(self, needId!, input.answer, input.comment ?? null));
  }
}

import { Args, Context, ID, Int, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { badUserInput } from '@pit/core';
import { AccessService, type Actor } from '@pit/accounts';
import { CurrentActor } from '@pit/accounts/graphql';
import { NeedType } from '@pit/needs/graphql';
import { COMMENT_LIMITS, COMMENT_REPORT_REASON_LABELS } from '../comment-rules.js';
import { CommentsRepository, decodeCommentCursor, encodeCommentCursor, type CommentView } from '../comments.repository.js';
import { CommentsService } from '../comments.service.js';
import { CommentConnectionType, CommentReportReasonEnum, CommentReportType, CommentType } from './comment.types.js';
import { loadBatched } from './request-batch.js';

export function toCommentType(comment: CommentView, actor: Actor | null, now = Date.now()): CommentType {
  const isMine = Boolean(actor && comment.authorId === actor.personId);
  const deleted = comment.deletedAt !== null;
  return {
    id: comment.id,
    body: deleted ? null : comment.body,
    authorPseudonym: comment.authorPseudonym,
    organisationName: comment.organisationName,
    isNeedAuthor: comment.isNeedAuthor,
    isMine,
    editable: isMine && !deleted && !comment.hidden && comment.createdAt.getTime() + COMMENT_LIMITS.editMinutes * 60_000 > now,
    deleted,
    hidden: comment.hidden,
    createdAt: comment.createdAt,
    editedAt: comment.editedAt,
    replies: comment.replies.map((reply) => toCommentType(reply, actor, now)),
  };
}

/** Need.comments and Need.commentCount, and the comment mutations. */
@Resolver(() => NeedType)
export class NeedCommentsResolver {
  constructor(
    private readonly commentsService: CommentsService,
    private readonly repository: CommentsRepository,
  ) {}

  @ResolveField(() => CommentConnectionType, { description: 'Top-level comments, oldest first, with their replies (one query per page)' })
  async comments(
    @Parent() need: NeedType,
    @CurrentActor() actor: Actor | null,
    @Context() context: object,
    @Args('first', { type: () => Int, nullable: true, defaultValue: COMMENT_LIMITS.pageSize.default }) first: number,
    @Args('after', { type: () => String, nullable: true }) after: string | null,
  ): Promise<CommentConnectionType> {
    const position = after ? decodeCommentCursor(after.slice(0, 200)) : null;
    if (after && !position) throw badUserInput([{ field: 'after', message: "Ce curseur de pagination n'est pas valide : repartez de la première page." }]);
    const [page, threads] = await Promise.all([
      this.commentsService.page(need.id, first, position),
      loadBatched(context, 'comment-threads', need.id, (ids) => this.repository.threadCounts(ids)),
    ]);
    const edges = page.items.map((item) => ({ cursor: encodeCommentCursor(item.position), node: toCommentType(item, actor) }));
    return { edges, pageInfo: { hasNextPage: page.hasNextPage, endCursor: edges.at(-1)?.cursor ?? null }, totalCount: threads ?? 0 };
  }

  @ResolveField(() => Int, { description: 'Comments and replies not deleted (batched across a list of needs)' })
  async commentCount(@Parent() need: NeedType, @Context() context: object): Promise<number> {
    return (await loadBatched(context, 'comment-count', need.id, (ids) => this.repository.counts(ids))) ?? 0;
  }
}

@Resolver(() => CommentType)
export class CommentsResolver {
  constructor(
    private readonly comments: CommentsService,
    private readonly access: AccessService,
  ) {}

  @Mutation(() => CommentType, {
    description: 'Comments a public need (logged in). parentId answers a comment; a reply to a reply joins its top-level comment. organisationId: in the name of an organisation one represents',
  })
  async postComment(
    @CurrentActor() actor: Actor | null,
    @Args('needId', { type: () => ID }) needId: string,
    @Args('body', { type: () => String, description: `Between ${COMMENT_LIMITS.body.min} and ${COMMENT_LIMITS.body.max} characters` }) body: string,
    @Args('parentId', { type: () => ID, nullable: true }) parentId: string | null,
    @Args('organisationId', { type: () => ID, nullable: true }) organisationId: string | null,
  ): Promise<CommentType> {
    const self = await this.access.require(actor, 'account.self');
    return toCommentType(await this.comments.post(self, { needId, body, parentId, organisationId }), self);
  }

  @Mutation(() => CommentType, { description: 'Its author edits a comment, within 15 minutes of posting it' })
  async editComment(
    @CurrentActor() actor: Actor | null,
    @Args('commentId', { type: () => ID }) commentId: string,
    @Args('body', { type: () => String }) body: string,
  ): Promise<CommentType> {
    const self = await this.access.require(actor, 'account.self');
    return toCommentType(await this.comments.edit(self, commentId, body), self);
  }

  @Mutation(() => CommentType, { description: 'Its author deletes a comment; its replies stay' })
  async deleteComment(@CurrentActor() actor: Actor | null, @Args('commentId', { type: () => ID }) commentId: string): Promise<CommentType> {
    const self = await this.access.require(actor, 'account.self');
    return toCommentType(await this.comments.delete(self, commentId), self);
  }

  @Mutation(() => Boolean, { description: 'Reports a comment for moderation (once per person and comment)' })
  async reportComment(
    @CurrentActor() actor: Actor | null,
    @Args('commentId', { type: () => ID }) commentId: string,
    @Args('reason', { type: () => CommentReportReasonEnum }) reason: CommentReportReasonEnum,
    @Args('detail', { type: () => String, nullable: true, description: `At most ${COMMENT_LIMITS.detail.max} characters` }) detail: string | null,
  ): Promise<boolean> {
    const self = await this.access.require(actor, 'account.self');
    return this.comments.report(self, commentId, reason, detail?.slice(0, 5000) ?? null);
  }

  @Query(() => [CommentReportType], { description: 'Comment reports, newest first: for moderators and admins' })
  async commentReports(
    @CurrentActor() actor: Actor | null,
    @Args('first', { type: () => Int, nullable: true, defaultValue: 50 }) first: number,
  ): Promise<CommentReportType[]> {
    const reports = await this.comments.reports(actor, first);
    return reports.map((report) => ({ ...report, reason: report.reason as CommentReportReasonEnum, reasonLabel: COMMENT_REPORT_REASON_LABELS[report.reason] }));
  }
}

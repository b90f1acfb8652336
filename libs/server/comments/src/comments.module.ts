import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { NeedsModule } from '@pit/needs';
import { CommentEntity } from './entities/comment.entity.js';
import { CommentReportEntity } from './entities/comment-report.entity.js';
import { CommentsRepository } from './comments.repository.js';
import { CommentsService } from './comments.service.js';

export const COMMENTS_ENTITIES = [CommentEntity, CommentReportEntity];

/** The comments context: entities, repositories and services, shared by api and worker. */
@Module({
  imports: [TypeOrmModule.forFeature(COMMENTS_ENTITIES), NeedsModule],
  providers: [CommentsRepository, CommentsService],
  exports: [CommentsRepository, CommentsService, NeedsModule],
})
export class CommentsModule {}

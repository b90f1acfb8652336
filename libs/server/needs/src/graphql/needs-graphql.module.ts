import { Module } from '@nestjs/common';
import { NeedsModule } from '../needs.module.js';
import { NeedMapper } from './need.mapper.js';
import { NeedsResolver } from './needs.resolver.js';
import { NeedWorkflowResolver } from './need-workflow.resolver.js';
import { AnswerTemplatesRepository } from '../templates/answer-templates.repository.js';
import { AnswerTemplatesService } from '../templates/answer-templates.service.js';
import { PhotoBodyParser, PhotosController } from './photos.controller.js';
import { ModerationResolver } from './moderation/moderation.resolver.js';
import { InboxRepository } from '../inbox/inbox.repository.js';
import { InboxResolver } from './inbox/inbox.resolver.js';
import { InboxService } from '../inbox/inbox.service.js';

@Module({
  imports: [NeedsModule],
  providers: [NeedMapper, NeedsResolver, PhotoBodyParser, NeedWorkflowResolver, ModerationResolver, AnswerTemplatesService, AnswerTemplatesRepository, InboxRepository, InboxService, InboxResolver],
  controllers: [PhotosController],
})
export class NeedsGraphqlModule {}

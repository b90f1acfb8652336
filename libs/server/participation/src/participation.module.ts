import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { NeedsModule } from '@pit/needs';
import { AuthorityParticipationEntity } from './entities/authority-participation.entity.js';
import { NeedBackingEntity } from './entities/need-backing.entity.js';
import { NeedEngagementEntity } from './entities/need-engagement.entity.js';
import { NeedFollowEntity } from './entities/need-follow.entity.js';
import { NeedPaperSupportEntity } from './entities/need-paper-support.entity.js';
import { NeedSupportTallyEntity } from './entities/need-support-tally.entity.js';
import { NeedSupportEntity } from './entities/need-support.entity.js';
import { ParticipationService } from './participation.service.js';
import { NeedMergeEntity } from './merge/entities/need-merge.entity.js';
import { SupportCarryOverEntity } from './merge/entities/support-carry-over.entity.js';
import { NeedMergeService } from './merge/need-merge.service.js';
import { ServiceFeedbackEntity, ServiceFeedbackRequestEntity } from './accountability/service-feedback.entity.js';
import { AccountabilityService } from './accountability/accountability.service.js';

export const PARTICIPATION_ENTITIES = [
  NeedSupportEntity,
  NeedSupportTallyEntity,
  NeedPaperSupportEntity,
  NeedBackingEntity,
  NeedFollowEntity,
  AuthorityParticipationEntity,
  NeedEngagementEntity,
  NeedMergeEntity,
  SupportCarryOverEntity,
  ServiceFeedbackEntity,
  ServiceFeedbackRequestEntity,
];

/** The participation context: entities, repositories and services, shared by api and worker. */
@Module({
  imports: [TypeOrmModule.forFeature(PARTICIPATION_ENTITIES), NeedsModule],
  providers: [ParticipationService, NeedMergeService, AccountabilityService],
  exports: [ParticipationService, NeedMergeService, AccountabilityService, NeedsModule],
})
export class ParticipationModule {}

import { Module } from '@nestjs/common';
import { ParticipationModule } from '../participation.module.js';
import { NeedParticipationFieldsResolver, ParticipationResolver } from './participation.resolver.js';
import { AccountabilityResolver, NeedServiceFeedbackFieldsResolver } from './accountability.resolver.js';
import { NeedMergeFieldsResolver, NeedMergeResolver } from './merge.resolver.js';

@Module({
  imports: [ParticipationModule],
  providers: [NeedParticipationFieldsResolver, ParticipationResolver, NeedMergeFieldsResolver, NeedMergeResolver, NeedServiceFeedbackFieldsResolver, AccountabilityResolver],
})
export class ParticipationGraphqlModule {}

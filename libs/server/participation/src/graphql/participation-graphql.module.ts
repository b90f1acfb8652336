import { Module } from '@nestjs/common';
import { ParticipationModule } from '../participation.module.js';
import { NeedParticipationFieldsResolver, ParticipationResolver } from './participation.resolver.js';
import { AccountabilityResolver, NeedServiceFeedbackFieldsResolver } from '../accountability/accountability.resolver.js';

@Module({
  imports: [ParticipationModule],
  providers: [NeedParticipationFieldsResolver, ParticipationResolver, NeedServiceFeedbackFieldsResolver, AccountabilityResolver],
})
export class ParticipationGraphqlModule {}

import { Module } from '@nestjs/common';
import { ParticipationModule } from '../participation.module.js';
import { NeedParticipationFieldsResolver, ParticipationResolver } from './participation.resolver.js';

@Module({
  imports: [ParticipationModule],
  providers: [NeedParticipationFieldsResolver, ParticipationResolver],
})
export class ParticipationGraphqlModule {}

import { Module } from '@nestjs/common';
import { ParticipationModule } from '../participation.module.js';

@Module({
  imports: [ParticipationModule],
  providers: [],
})
export class ParticipationGraphqlModule {}

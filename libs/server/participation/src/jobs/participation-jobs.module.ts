import { Module } from '@nestjs/common';
import { ParticipationModule } from '../participation.module.js';

/** The participation context's job processors: imported by the worker only. */
@Module({
  imports: [ParticipationModule],
  providers: [],
})
export class ParticipationJobsModule {}

import { Module } from '@nestjs/common';
import { CommentsModule } from '../comments.module.js';

/** The comments context's job processors: imported by the worker only. */
@Module({
  imports: [CommentsModule],
  providers: [],
})
export class CommentsJobsModule {}

import { Module } from '@nestjs/common';
import { CommentsModule } from '../comments.module.js';

@Module({
  imports: [CommentsModule],
  providers: [],
})
export class CommentsGraphqlModule {}

import { Module } from '@nestjs/common';
import { CommentsModule } from '../comments.module.js';
import { CommentsResolver, NeedCommentsResolver } from './comments.resolver.js';

@Module({
  imports: [CommentsModule],
  providers: [NeedCommentsResolver, CommentsResolver],
})
export class CommentsGraphqlModule {}

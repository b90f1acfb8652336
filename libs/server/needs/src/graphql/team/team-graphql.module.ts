import { Module } from '@nestjs/common';
import { TeamModule } from '../../team/team.module.js';
import { NeedMapper } from '../need.mapper.js';
import { CoAssignmentResolver, RoutingRulesResolver, TeamResolver } from './team.resolver.js';

/** GraphQL of team life, co-assignment and routing rules: imported by the api only. */
@Module({
  imports: [TeamModule],
  providers: [NeedMapper, TeamResolver, CoAssignmentResolver, RoutingRulesResolver],
})
export class TeamGraphqlModule {}

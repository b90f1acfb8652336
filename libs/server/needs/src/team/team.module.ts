import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { NeedsModule } from '../needs.module.js';
import { TEAM_ENTITIES } from './team.entities.js';
import { TeamService } from './team.service.js';
import { CoAssignmentsService } from './co-assignments.service.js';
import { RoutingRulesService } from './routing-rules.service.js';
import { StaffAlertsService } from './staff-alerts.service.js';

/** Team life, co-assignment and routing-rule editing (issue 5 items 3 and 10): shared by api and worker. */
@Module({
  imports: [TypeOrmModule.forFeature(TEAM_ENTITIES), NeedsModule],
  providers: [TeamService, CoAssignmentsService, RoutingRulesService, StaffAlertsService],
  exports: [TeamService, CoAssignmentsService, RoutingRulesService, StaffAlertsService, NeedsModule],
})
export class TeamModule {}

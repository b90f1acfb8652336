import { Module } from '@nestjs/common';
import { DashboardModule } from '../../dashboard/dashboard.module.js';
import { DashboardResolver } from './dashboard.resolver.js';

/** The public dashboard's query: imported by the api only. */
@Module({
  imports: [DashboardModule],
  providers: [DashboardResolver],
})
export class DashboardGraphqlModule {}

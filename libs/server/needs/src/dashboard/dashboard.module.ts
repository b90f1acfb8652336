import { Module } from '@nestjs/common';
import { DashboardService } from './dashboard.service.js';

/** The public dashboard's figures (read-only SQL over needs and the territory). */
@Module({
  providers: [DashboardService],
  exports: [DashboardService],
})
export class DashboardModule {}

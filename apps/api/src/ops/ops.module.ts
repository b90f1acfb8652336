import { Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { ApiMetrics } from './api-metrics.js';
import { HealthController } from './health.controller.js';
import { MetricsController } from './metrics.controller.js';

/** Operations endpoints of the api (issue 8): /health/live, /health/ready, /metrics. */
@Module({
  imports: [TerminusModule.forRoot({ logger: false })],
  controllers: [HealthController, MetricsController],
  providers: [ApiMetrics],
})
export class OpsModule {}

import { Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { AccountsModule } from '@pit/accounts';
import { ApiMetrics } from './api-metrics.js';
import { HealthController } from './health.controller.js';
import { MetricsController } from './metrics.controller.js';
import { QueueBoard } from './queue-board.js';

/** Operations endpoints of the api (issue 8): /health/live, /health/ready, /metrics, and Bull Board at /admin/queues (admins). */
@Module({
  imports: [TerminusModule.forRoot({ logger: false }), AccountsModule],
  controllers: [HealthController, MetricsController],
  providers: [ApiMetrics, QueueBoard],
})
export class OpsModule {}

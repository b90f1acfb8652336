import { Controller, Get } from '@nestjs/common';
import { HealthCheck, HealthCheckService, HealthIndicatorService, TypeOrmHealthIndicator, type HealthCheckResult } from '@nestjs/terminus';
import { QueueBackend } from '@pit/core';

const CHECK_TIMEOUT_MS = 2_000;

/**
 * /health/live: the process answers (no dependency checked: a restart would not fix a database outage).
 * /health/ready (and /health, kept for older probes): PostgreSQL answers `SELECT 1` and the queue backend
 * (Redis, or BullMQ's PostgreSQL schema) answers a job count, each within 2 s; 503 otherwise.
 */
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly indicators: HealthIndicatorService,
    private readonly database: TypeOrmHealthIndicator,
    private readonly backend: QueueBackend,
  ) {}

  @Get('live')
  live(): { status: 'ok' } {
    return { status: 'ok' };
  }

  @Get(['ready', ''])
  @HealthCheck()
  ready(): Promise<HealthCheckResult> {
    return this.health.check([
      () => this.database.pingCheck('database', { timeout: CHECK_TIMEOUT_MS }),
      () =>
        this.indicators
          .check('queue')
          .attempt(async () => {
            await this.backend.jobCounts();
            return { backend: this.backend.kind };
          })
          .withTimeout(CHECK_TIMEOUT_MS),
    ]);
  }
}

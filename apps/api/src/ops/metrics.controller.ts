import { Controller, ForbiddenException, Get, Headers, NotFoundException, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { metricsAccess } from '@pit/core';
import { ApiMetrics } from './api-metrics.js';

/** GET /metrics in Prometheus text format, with `Authorization: Bearer <METRICS_TOKEN>` (404 when METRICS_TOKEN is unset). */
@Controller('metrics')
export class MetricsController {
  constructor(private readonly metrics: ApiMetrics) {}

  @Get()
  async scrape(@Headers('authorization') authorization: string | undefined, @Res() reply: FastifyReply): Promise<void> {
    const access = metricsAccess(authorization);
    if (access === 'disabled') throw new NotFoundException();
    if (access === 'denied') throw new ForbiddenException('metrics need the bearer token METRICS_TOKEN');
    const body = await this.metrics.registry.metrics();
    await reply.header('content-type', this.metrics.registry.contentType).header('cache-control', 'no-store').send(body);
  }
}

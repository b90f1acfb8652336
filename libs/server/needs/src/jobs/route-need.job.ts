import { Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { CompetenceLevel, NeedStatus } from '@pit/domain';
import { JobHandler, type JobContext, type JobPayloads, type JobProcessorClass } from '@pit/core';
import { TerritoryService } from '@pit/territory';
import { NeedsRepository } from '../needs.repository.js';
import { recordRouting } from '../routing/record-routing.js';
import { holdIfPremoderated } from '../moderation/moderation-sql.js';

export { RoutingRuleMissingError } from '../routing/record-routing.js';

/**
 * route-need: finds the competent authority for a need and records it.
 * Side effects, in one transaction: a need_routing row, the need's status (reçu → transmis, or
 * hors compétence locale for an outside body), a status-history row, and a pre-moderation hold when
 * the authority moderates new needs first. Idempotent: a need that
 * already has a routing is left alone, and the row lock makes concurrent runs wait for each other.
 */
@Injectable()
@JobHandler('route-need')
export class RouteNeedJob implements JobProcessorClass<'route-need'> {
  private readonly logger = new Logger(RouteNeedJob.name);

  constructor(
    private readonly dataSource: DataSource,
    private readonly repository: NeedsRepository,
    private readonly territory: TerritoryService,
  ) {}

  async handle({ needId }: JobPayloads['route-need'], context: JobContext): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      const need = await this.repository.lockForRouting(manager, needId);
      if (!need || need.currentRoutingId) return;
      const { decision, routingId } = await recordRouting(
        manager,
        { repository: this.repository, territory: this.territory },
        { needId, categoryKey: need.categoryKey, communeCode: need.communeCode, kind: 'initial', jobId: context.jobId || null },
      );
      // A need awaiting its author's confirmation is routed now but keeps its status until confirmed.
      const status =
        need.status !== NeedStatus.Received
          ? need.status
          : decision.level === CompetenceLevel.External
            ? NeedStatus.OutOfScope
            : NeedStatus.Transmitted;
      await this.repository.setRouting(manager, needId, routingId, decision.authority.id, status);
      // An authority with pre-moderation on: the need stays out of public view until approved.
      await holdIfPremoderated(manager, needId, decision.authority.id);
      if (status !== need.status) await this.repository.insertStatusChange(manager, needId, status, decision.reason);
      this.logger.log(`need ${needId} routed to ${decision.authority.name} (${decision.level})`);
    });
  }
}

import type { EntityManager } from 'typeorm';
import type { RoutingDecision, TerritoryService } from '@pit/territory';
import type { NeedsRepository } from '../needs.repository.js';

export class RoutingRuleMissingError extends Error {}

/** Kinds of need_routing rows: the automatic routing, then the staff's corrections. */
export type RoutingKind = 'initial' | 'requalification' | 'transfer';

/**
 * Runs the routing rules for a category in a commune and appends the resulting need_routing row
 * (with the rule and its sentence), inside the caller's transaction. Shared by the route-need job
 * and requalification; the caller sets the need's current routing and status.
 */
export async function recordRouting(
  manager: EntityManager,
  deps: { repository: NeedsRepository; territory: TerritoryService },
  routing: { needId: string; categoryKey: string; communeCode: string; kind: RoutingKind; jobId: string | null; note?: string | null },
  accept: (decision: RoutingDecision) => void = () => undefined,
): Promise<{ decision: RoutingDecision; routingId: string }> {
  const decision = await deps.territory.route(manager, routing.categoryKey, routing.communeCode);
  if (!decision) throw new RoutingRuleMissingError(`No routing rule for category ${routing.categoryKey} in commune ${routing.communeCode}`);
  accept(decision);
  const routingId = await deps.repository.insertRouting(manager, {
    needId: routing.needId,
    ruleId: decision.ruleId,
    level: decision.level,
    authorityId: decision.authority.id,
    reason: decision.reason,
    kind: routing.kind,
    jobId: routing.jobId,
    note: routing.note ?? null,
  });
  return { decision, routingId };
}

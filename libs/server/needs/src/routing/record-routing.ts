import type { EntityManager } from 'typeorm';
import { OutboxService, type JobRequest } from '@pit/core';
import type { RoutingDecision, TerritoryService } from '@pit/territory';
import type { NeedsRepository } from '../needs.repository.js';
import { webhookJobs } from '../webhooks/webhooks.service.js';

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
  await startAnswerClock(manager, routing.needId, decision.authority.id);
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
  await routingFollowUp(manager, { needId: routing.needId, routingId, kind: routing.kind, authorityId: decision.authority.id });
  return { decision, routingId };
}

/**
 * The accountability clock (see clock.ts): a need routed to an authority other than its current one
 * (first routing, requalification or transfer elsewhere), and not answered yet, is due its first
 * answer within that authority's `first_answer_days` (default 30) from now. Call it before the need's
 * authority_id moves. Side effect: need.answer_due_at.
 */
export async function startAnswerClock(manager: EntityManager, needId: string, authorityId: string): Promise<void> {
  await manager.query(
    `UPDATE need n SET answer_due_at = now() + make_interval(days => COALESCE(
            (SELECT ap.first_answer_days FROM authority_participation ap WHERE ap.authority_id = $2), 30))
      WHERE n.id = $1 AND n.first_answer_at IS NULL AND (n.answer_due_at IS NULL OR n.authority_id IS DISTINCT FROM $2)`,
    [needId, authorityId],
  );
}

/** The jobs a new need_routing row starts: the agents of its authority are told; a move is told to the need's followers. */
export function routingJobs(needId: string, routingId: string, kind: string): JobRequest[] {
  const jobs: JobRequest[] = [{ name: 'alert-staff-new-need', payload: { needId, routingId }, dedupKey: `alert-staff-new-need:${routingId}` }];
  if (kind !== 'initial') jobs.push({ name: 'notify-need-routing', payload: { needId, routingId }, dedupKey: `notify-need-routing:${routingId}` });
  return jobs;
}

/**
 * After a routing, requalification or transfer, before the need's authority_id moves (same
 * transaction): a need leaving its authority loses its assignee (an assignee is an agent of the
 * authority in charge), and the jobs of routingJobs are enqueued through the outbox.
 */
export async function routingFollowUp(manager: EntityManager, routing: { needId: string; routingId: string; kind: string; authorityId: string }): Promise<void> {
  await manager.query(`UPDATE need SET assignee_id = NULL WHERE id = $1 AND assignee_id IS NOT NULL AND authority_id IS DISTINCT FROM $2`, [
    routing.needId,
    routing.authorityId,
  ]);
  const webhooks = await webhookJobs(manager, { kind: 'routing', needId: routing.needId, sourceId: routing.routingId, authorityId: routing.authorityId });
  await new OutboxService().enqueue(manager, [...routingJobs(routing.needId, routing.routingId, routing.kind), ...webhooks]);
}

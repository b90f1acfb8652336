// The typed registry of every job the platform runs: name → payload.
export interface JobPayloads {
  'route-need': { needId: string };
  /** Every minute: needs still unrouted after a grace period get their route-need job again (reconciliation). */
  'sweep-unrouted-needs': Record<string, never>;
  'send-token-email': { tokenId: string };
  /** A need's status changed: tell its author, supporters, backers' representatives and followers. */
  'notify-need-change': { needId: string; statusChangeId: string };
  /** One notification emailed now (people who chose immediate emails). */
  'send-notification-email': { notificationId: string };
  /** The daily digest of pending notifications; `day` (YYYY-MM-DD, Europe/Paris) defaults to today. */
  'send-daily-digest': { day?: string };
  /** Accountability clock (daily): one send-overdue-reminder per overdue need, recipient and due date. */
  'remind-overdue-needs': Record<string, never>;
  /** One overdue need's reminder to its assignee (or one agent of its authority when unassigned). */
  'send-overdue-reminder': { needId: string; personId: string; dueAt: string };
  /** Monday morning: each authority's agents get their week; `week` (ISO, e.g. 2026-W48) defaults to the current one. */
  'send-weekly-authority-digest': { week?: string };
  /** Daily: authors and supporters of needs réalisé some weeks ago are asked whether the service answers the need. */
  'ask-service-feedback': Record<string, never>;
  /** A need was merged into another: ask each of its supporters by email whether to carry their support over. */
  'notify-support-carry-over': { mergeId: string };
  /** A need was requalified, transferred or co-assigned (need_routing row): tell its author, supporters and followers. */
  'notify-need-routing': { needId: string; routingId: string };
  /** A need arrived at an authority (need_routing row): its agents are told now or in their daily staff digest. */
  'alert-staff-new-need': { needId: string; routingId: string };
  /** The daily staff digest of new needs; `day` (YYYY-MM-DD, Europe/Paris) defaults to today. */
  'send-staff-digest': { day?: string };
  /** Builds the CSV file of an inbox export (inbox_export row), writing its progress. */
  'build-inbox-export': { exportId: string };
  /** Hourly retention: deletes expired inbox export files and rows, requeues stalled builds. */
  'sweep-inbox-exports': Record<string, never>;
  /** An assisted need's status changed: a to-do for the mediator's place (call back, letter, counter). */
  'mediation-status-news': { needId: string; statusChangeId: string };
  /** Hourly retention: erases the resident's label and contact of mandates that ended or expired, or whose need is closed for too long; `now` (ISO) for tests and replays. */
  'sweep-mandates': { now?: string };
  /** Builds the JSON file of a person's data export ("Télécharger mes données") and emails them it is ready. */
  'build-data-export': { exportId: string };
  /** Daily privacy retention: expired data exports, session logs older than 1 year, inactive accounts warned (30, 7 days) then erased; `now` (ISO) for tests and replays. */
  'privacy-retention': { now?: string };
  /** A need event (a status change, a routing) for partner back offices: one webhook_delivery per matching webhook; `authorityId` = where a routing sends the need. */
  'dispatch-webhooks': { kind: 'status' | 'routing'; needId: string; sourceId: string; authorityId?: string | null };
  /** One webhook delivery POSTed (retried with backoff by the job itself). */
  'deliver-webhook': { deliveryId: string };
  /** Every minute: deliveries whose job was lost (worker died, retry not queued) are queued again. */
  'sweep-webhook-deliveries': Record<string, never>;
  /** Daily open data: the anonymised files of needs (CSV, JSON, GeoJSON); `day` (YYYY-MM-DD, Europe/Paris) defaults to today. */
  'publish-open-data': { day?: string };
}

export type JobName = keyof JobPayloads;

export const JOB_NAMES: readonly JobName[] = ['route-need', 'send-token-email', 'notify-need-change', 'send-notification-email', 'send-daily-digest', 'notify-support-carry-over', 'notify-need-routing', 'alert-staff-new-need', 'send-staff-digest', 'build-inbox-export', 'sweep-inbox-exports', 'remind-overdue-needs', 'send-overdue-reminder', 'send-weekly-authority-digest', 'ask-service-feedback', 'mediation-status-news', 'sweep-mandates', 'build-data-export', 'privacy-retention', 'dispatch-webhooks', 'deliver-webhook', 'sweep-webhook-deliveries', 'publish-open-data', 'sweep-unrouted-needs'];

export interface JobRequest<N extends JobName = JobName> {
  name: N;
  payload: JobPayloads[N];
  /** Jobs with the same key are enqueued once. */
  dedupKey?: string;
}

/**
 * Jobs that fan a change out after it is made and seen (notifications, staff alerts, webhooks). The relay
 * adds them with FOLLOW_UP_PRIORITY: BullMQ takes every waiting job without a priority first, so in a
 * burst the needs are routed (route-need, what the resident waits for) before the earlier needs'
 * notifications are sent; those follow as soon as the burst is routed (bench/pipeline.mjs).
 */
export const FOLLOW_UP_JOBS: ReadonlySet<JobName> = new Set<JobName>([
  'alert-staff-new-need',
  'notify-need-change',
  'notify-need-routing',
  'notify-support-carry-over',
  'mediation-status-news',
  'dispatch-webhooks',
]);
export const FOLLOW_UP_PRIORITY = 10;

/** The BullMQ job id of an outbox row: stable across re-publications of that row, unique across databases. */
export function jobIdForOutbox(jobKey: string): string {
  return `outbox-${jobKey}`;
}

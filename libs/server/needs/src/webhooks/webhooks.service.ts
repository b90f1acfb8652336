import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { APP_CONFIG, AuditService, OutboxService, badUserInput, type AppConfig, type JobPayloads, type JobRequest } from '@pit/core';
import { AccessService, type Actor } from '@pit/accounts';
import { WEBHOOK_EVENTS, backoffDelay, newWebhookSecret, openSecret, sealSecret, webhookSettings, webhookSignature, webhookUrlProblem, type WebhookEvent } from './webhook-secrets.js';

export interface WebhookRow {
  id: string;
  authorityId: string;
  url: string;
  events: string[];
  active: boolean;
  createdBy: string | null;
  createdAt: Date;
  disabledAt: Date | null;
}

export interface WebhookAttemptRow {
  attempt: number;
  responseCode: number | null;
  error: string | null;
  durationMs: number;
  createdAt: Date;
}

export interface WebhookDeliveryRow {
  id: string;
  webhookId: string;
  event: string;
  eventId: string;
  status: string;
  attemptCount: number;
  responseCode: number | null;
  error: string | null;
  nextAttemptAt: Date | null;
  deliveredAt: Date | null;
  createdAt: Date;
  attempts: WebhookAttemptRow[];
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const WEBHOOK_COLUMNS = `w.id, w.authority_id AS "authorityId", w.url, w.events, w.active, p.pseudonym AS "createdBy", w.created_at AS "createdAt", w.disabled_at AS "disabledAt"`;
/** Active webhooks per authority, at most. */
const MAX_WEBHOOKS = 10;

/**
 * The jobs a need event adds, in the caller's transaction: one dispatch-webhooks when some active webhook may
 * want it (the need's authority, a co-assigned one, or `authorityId` the need is routed to), none otherwise.
 */
export async function webhookJobs(manager: EntityManager, event: JobPayloads['dispatch-webhooks']): Promise<JobRequest[]> {
  const [wanted] = await manager.query(
    `SELECT 1 FROM webhook w WHERE w.active AND (w.authority_id = $2 OR w.authority_id = (SELECT authority_id FROM need WHERE id = $1)
        OR w.authority_id IN (SELECT authority_id FROM need_co_assignment WHERE need_id = $1)) LIMIT 1`,
    [event.needId, event.authorityId ?? null],
  );
  return wanted ? [{ name: 'dispatch-webhooks', payload: event, dedupKey: `dispatch-webhooks:${event.kind}:${event.sourceId}` }] : [];
}

/**
 * Webhooks of partner back offices (issue 7 item 4): an authority's agents register an https URL and the need
 * events they want; each event becomes one webhook_delivery per matching webhook (unique per webhook and event),
 * POSTed by deliver-webhook with an HMAC-SHA256 signature, retried with exponential backoff, every attempt logged.
 */
@Injectable()
export class WebhooksService {
  private readonly settings = webhookSettings();

  constructor(
    private readonly dataSource: DataSource,
    private readonly access: AccessService,
    private readonly audit: AuditService,
    private readonly outbox: OutboxService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  // ---- Staff -------------------------------------------------------------------------------------

  async list(actor: Actor | null, authorityId: string): Promise<WebhookRow[]> {
    if (!UUID.test(authorityId)) throw badUserInput([{ field: 'authorityId', message: 'Cette collectivité n’existe pas.' }]);
    await this.access.require(actor, 'authority.webhooks', [authorityId]);
    return this.dataSource.query(
      `SELECT ${WEBHOOK_COLUMNS} FROM webhook w LEFT JOIN person p ON p.id = w.created_by WHERE w.authority_id = $1 ORDER BY w.active DESC, w.created_at DESC`,
      [authorityId],
    );
  }

  /** Registers a webhook; the secret is returned this once. Side effects: the webhook row, an audit entry. */
  async register(actor: Actor | null, authorityId: string, input: { url: string; events: string[] }): Promise<{ webhook: WebhookRow; secret: string }> {
    if (!UUID.test(authorityId)) throw badUserInput([{ field: 'authorityId', message: 'Cette collectivité n’existe pas.' }]);
    const me = await this.access.require(actor, 'authority.webhooks', [authorityId]);
    const url = input.url.trim();
    const events = [...new Set(input.events)];
    const errors = [];
    const urlProblem = webhookUrlProblem(url, this.settings);
    if (urlProblem) errors.push({ field: 'url', message: urlProblem });
    if (!events.length || events.some((event) => !(WEBHOOK_EVENTS as readonly string[]).includes(event))) {
      errors.push({ field: 'events', message: 'Choisissez au moins un événement dans la liste.' });
    }
    if (errors.length) throw badUserInput(errors);
    const secret = newWebhookSecret();
    const id = await this.dataSource.transaction(async (manager) => {
      const [{ count }] = await manager.query(`SELECT count(*)::int AS count FROM webhook WHERE authority_id = $1 AND active`, [authorityId]);
      if (count >= MAX_WEBHOOKS) throw badUserInput([{ field: 'url', message: `Une collectivité a au plus ${MAX_WEBHOOKS} webhooks actifs : désactivez-en un.` }]);
      const [row] = await manager.query(`INSERT INTO webhook (authority_id, url, events, secret, created_by) VALUES ($1, $2, $3, $4, $5) RETURNING id`, [
        authorityId,
        url,
        events,
        sealSecret(secret, this.settings.secretKey),
        me.personId,
      ]);
      await this.audit.record(manager, { actorId: me.personId, action: 'webhook.register', subjectType: 'webhook', subjectId: row.id, before: null, after: { authorityId, url, events }, authorityId });
      return row.id as string;
    });
    return { webhook: (await this.webhook(id))!, secret };
  }

  /** Disables a webhook: no new deliveries, pending ones are not sent. Side effects: active, disabled_at, an audit entry. */
  async disable(actor: Actor | null, id: string): Promise<WebhookRow> {
    if (!UUID.test(id)) throw badUserInput([{ field: 'id', message: 'Ce webhook n’existe pas.' }]);
    const me = await this.access.require(actor, 'webhook.manage', [id]);
    await this.dataSource.transaction(async (manager) => {
      // An UPDATE … RETURNING answers [rows, count] through TypeORM.
      const [[row]] = await manager.query(`UPDATE webhook SET active = false, disabled_at = now() WHERE id = $1 AND active RETURNING authority_id AS "authorityId", url`, [id]);
      if (!row) throw badUserInput([{ field: 'id', message: 'Ce webhook est déjà désactivé.' }]);
      await this.audit.record(manager, { actorId: me.personId, action: 'webhook.disable', subjectType: 'webhook', subjectId: id, before: { url: row.url, active: true }, after: { active: false }, authorityId: row.authorityId });
    });
    return (await this.webhook(id))!;
  }

  /** The latest deliveries of a webhook, newest first, each with its attempts. */
  async deliveries(actor: Actor | null, webhookId: string, first = 20): Promise<WebhookDeliveryRow[]> {
    if (!UUID.test(webhookId)) throw badUserInput([{ field: 'webhookId', message: 'Ce webhook n’existe pas.' }]);
    await this.access.require(actor, 'webhook.manage', [webhookId]);
    if (!Number.isInteger(first) || first < 1 || first > 100) throw badUserInput([{ field: 'first', message: 'Indiquez un nombre entre 1 et 100.' }]);
    return this.dataSource.query(
      `SELECT d.id, d.webhook_id AS "webhookId", d.event, d.event_id AS "eventId", d.status, d.attempt_count AS "attemptCount",
              d.response_code AS "responseCode", d.error, d.next_attempt_at AS "nextAttemptAt", d.delivered_at AS "deliveredAt", d.created_at AS "createdAt",
              COALESCE((SELECT json_agg(json_build_object('attempt', a.attempt, 'responseCode', a.response_code, 'error', a.error, 'durationMs', a.duration_ms, 'createdAt', a.created_at) ORDER BY a.attempt)
                          FROM webhook_attempt a WHERE a.delivery_id = d.id), '[]') AS attempts
         FROM webhook_delivery d WHERE d.webhook_id = $1 ORDER BY d.created_at DESC, d.id LIMIT $2`,
      [webhookId, first],
    ).then((rows: Array<WebhookDeliveryRow & { attempts: Array<Omit<WebhookAttemptRow, 'createdAt'> & { createdAt: string }> }>) =>
      rows.map((row) => ({ ...row, attempts: row.attempts.map((attempt) => ({ ...attempt, createdAt: new Date(attempt.createdAt) })) })),
    );
  }

  private async webhook(id: string): Promise<WebhookRow | null> {
    const [row] = await this.dataSource.query(`SELECT ${WEBHOOK_COLUMNS} FROM webhook w LEFT JOIN person p ON p.id = w.created_by WHERE w.id = $1`, [id]);
    return row ?? null;
  }

  // ---- Jobs --------------------------------------------------------------------------------------

  /**
   * dispatch-webhooks: one delivery per active webhook of the concerned authorities subscribed to the event, and
   * its deliver-webhook job, in one transaction. Idempotent: a delivery is unique per (webhook, event id), and a
   * delivery that already exists enqueues nothing.
   */
  async dispatch(event: JobPayloads['dispatch-webhooks']): Promise<number> {
    return this.dataSource.transaction(async (manager) => {
      const targets = await this.targets(manager, event);
      let created = 0;
      for (const target of targets) {
        const payload = await this.payload(manager, event, target.event);
        if (!payload) continue;
        const rows: Array<{ id: string }> = await manager.query(
          `INSERT INTO webhook_delivery (webhook_id, event_id, event, payload, next_attempt_at)
           SELECT w.id, $3, $4, $5, now() FROM webhook w WHERE w.active AND w.authority_id = ANY($1::uuid[]) AND $2 = ANY(w.events)
           ON CONFLICT (webhook_id, event_id) DO NOTHING RETURNING id`,
          [target.authorityIds, target.event, `${target.event}:${event.sourceId}`, target.event, JSON.stringify(payload)],
        );
        created += rows.length;
        await this.outbox.enqueue(
          manager,
          rows.map((row) => ({ name: 'deliver-webhook', payload: { deliveryId: row.id }, dedupKey: `deliver-webhook:${row.id}` })),
        );
      }
      return created;
    });
  }

  /** Which event goes to which authorities: a routing arrives at its authority; a move is told to both ends. */
  private async targets(manager: EntityManager, event: JobPayloads['dispatch-webhooks']): Promise<Array<{ event: WebhookEvent; authorityIds: string[] }>> {
    if (event.kind === 'status') {
      const [need] = await manager.query(
        `SELECT array_remove(array_prepend(n.authority_id, ARRAY(SELECT authority_id FROM need_co_assignment WHERE need_id = n.id)), NULL)::text[] AS ids
           FROM need n JOIN need_status_change c ON c.need_id = n.id WHERE c.id = $1`,
        [event.sourceId],
      );
      return need ? [{ event: 'need.status_changed', authorityIds: need.ids }] : [];
    }
    const [routing] = await manager.query(
      `SELECT r.kind, r.authority_id AS "authorityId",
              (SELECT p.authority_id FROM need_routing p WHERE p.need_id = r.need_id AND p.id <> r.id AND p.kind <> 'co_assignment'
                  AND (p.created_at, p.id) < (r.created_at, r.id) ORDER BY p.created_at DESC, p.id DESC LIMIT 1) AS "previousId"
         FROM need_routing r WHERE r.id = $1`,
      [event.sourceId],
    );
    if (!routing) return [];
    const targets: Array<{ event: WebhookEvent; authorityIds: string[] }> = [{ event: 'need.routed', authorityIds: [routing.authorityId] }];
    const move: WebhookEvent | null = routing.kind === 'transfer' ? 'need.transferred' : routing.kind === 'requalification' ? 'need.requalified' : null;
    if (move) targets.push({ event: move, authorityIds: [routing.authorityId, routing.previousId].filter(Boolean) });
    return targets;
  }

  /** The JSON of an event: public facts only (reference, status, authorities, public answer, dates, public URL), no personal data. */
  private async payload(manager: EntityManager, event: JobPayloads['dispatch-webhooks'], name: WebhookEvent): Promise<Record<string, unknown> | null> {
    const [need] = await manager.query(
      `SELECT n.reference, n.status, n.category_key AS "categoryKey", n.commune_code AS "communeCode", n.created_at AS "createdAt",
              a.id AS "authorityId", a.name AS "authorityName", a.kind AS "authorityKind", a.code AS "authorityCode"
         FROM need n LEFT JOIN authority a ON a.id = n.authority_id WHERE n.id = $1`,
      [event.needId],
    );
    if (!need) return null;
    const base = {
      event: name,
      need: {
        reference: need.reference,
        status: need.status,
        categoryKey: need.categoryKey,
        communeCode: need.communeCode,
        createdAt: new Date(need.createdAt).toISOString(),
        url: `${this.config.publicUrl}/besoins/${need.reference}`,
        authority: need.authorityId ? { id: need.authorityId, name: need.authorityName, kind: need.authorityKind, code: need.authorityCode } : null,
      },
    };
    if (event.kind === 'status') {
      const [change] = await manager.query(`SELECT status, note, created_at AS "createdAt" FROM need_status_change WHERE id = $1`, [event.sourceId]);
      if (!change) return null;
      return { ...base, occurredAt: new Date(change.createdAt).toISOString(), statusChange: { status: change.status, publicAnswer: change.note ?? null } };
    }
    const [routing] = await manager.query(
      `SELECT r.kind, r.reason, r.created_at AS "createdAt", a.id, a.name, a.kind AS "authorityKind", a.code
         FROM need_routing r JOIN authority a ON a.id = r.authority_id WHERE r.id = $1`,
      [event.sourceId],
    );
    if (!routing) return null;
    return {
      ...base,
      occurredAt: new Date(routing.createdAt).toISOString(),
      routing: { kind: routing.kind, reason: routing.reason, authority: { id: routing.id, name: routing.name, kind: routing.authorityKind, code: routing.code } },
    };
  }

  /**
   * sweep-webhook-deliveries: the deliveries whose job was lost (a worker that died while sending, a retry that
   * could not be queued, Redis that lost data), due for more than `graceSeconds`, on active webhooks.
   */
  async overdueDeliveries(graceSeconds = 60, limit = 500): Promise<Array<{ id: string; attemptCount: number }>> {
    return this.dataSource.query(
      `SELECT d.id, d.attempt_count AS "attemptCount" FROM webhook_delivery d JOIN webhook w ON w.id = d.webhook_id
        WHERE w.active AND d.status IN ('pending', 'sending') AND d.next_attempt_at <= now() - make_interval(secs => $1)
        ORDER BY d.next_attempt_at LIMIT $2`,
      [graceSeconds, limit],
    );
  }

  /**
   * deliver-webhook: claims the delivery (status pending or a stale sending, next_attempt_at due), POSTs it, logs
   * the attempt and settles it: delivered, pending again with next_attempt_at = now + backoff·2^(n-1), or failed
   * after WEBHOOK_MAX_ATTEMPTS. A delivery delivered, failed, held by another worker or whose webhook was disabled
   * is not sent: a second run of the job delivers nothing. Returns the wait before the retry, if one is due.
   */
  async deliver(deliveryId: string): Promise<{ retryInMs: number | null }> {
    const lease = this.settings.timeoutMs + 30_000;
    const [[claimed]] = await this.dataSource.query(
      `UPDATE webhook_delivery d SET status = 'sending', attempt_count = d.attempt_count + 1, next_attempt_at = now() + make_interval(secs => $2::double precision / 1000)
         FROM webhook w
        WHERE d.id = $1 AND w.id = d.webhook_id AND w.active AND d.status IN ('pending', 'sending') AND d.next_attempt_at <= now()
        RETURNING d.id, d.event, d.payload, d.attempt_count AS "attempt", w.url, w.secret`,
      [deliveryId, lease],
    );
    if (!claimed) {
      // Run early (a delayed job's clock) or by a second copy: only a still-pending delivery is worth a later look.
      const [waiting] = await this.dataSource.query(
        `SELECT GREATEST(0, EXTRACT(EPOCH FROM d.next_attempt_at - now()) * 1000)::int AS wait FROM webhook_delivery d JOIN webhook w ON w.id = d.webhook_id
          WHERE d.id = $1 AND d.status = 'pending' AND w.active`,
        [deliveryId],
      );
      return { retryInMs: waiting ? waiting.wait : null };
    }
    const sentAt = new Date().toISOString();
    const body = JSON.stringify({ id: claimed.id, ...claimed.payload, sentAt });
    const started = Date.now();
    let responseCode: number | null = null;
    let error: string | null = null;
    try {
      const response = await fetch(claimed.url, {
        method: 'POST',
        body,
        redirect: 'manual',
        signal: AbortSignal.timeout(this.settings.timeoutMs),
        headers: {
          'content-type': 'application/json',
          'user-agent': 'PIT-Webhooks/1',
          'x-pit-event': claimed.event,
          'x-pit-delivery': claimed.id,
          'x-pit-timestamp': String(Math.floor(Date.parse(sentAt) / 1000)),
          'x-pit-signature': webhookSignature(openSecret(claimed.secret, this.settings.secretKey), body),
        },
      });
      responseCode = response.status;
      await response.body?.cancel().catch(() => undefined);
      if (response.status < 200 || response.status >= 300) error = `HTTP ${response.status}`;
    } catch (e) {
      const cause = e instanceof Error ? (e.name === 'TimeoutError' ? `délai de ${this.settings.timeoutMs} ms dépassé` : (e.cause instanceof Error ? e.cause.message : e.message)) : String(e);
      error = cause.slice(0, 300);
    }
    const durationMs = Date.now() - started;
    const attempt: number = claimed.attempt;
    const last = attempt >= this.settings.maxAttempts;
    const retryInMs = error && !last ? backoffDelay(attempt, this.settings.backoffMs) : null;
    await this.dataSource.transaction(async (manager) => {
      await manager.query(`INSERT INTO webhook_attempt (id, delivery_id, attempt, response_code, error, duration_ms) VALUES ($1, $2, $3, $4, $5, $6)`, [
        randomUUID(), claimed.id, attempt, responseCode, error, durationMs,
      ]);
      await manager.query(
        `UPDATE webhook_delivery SET status = $2, response_code = $3, error = $4,
                delivered_at = CASE WHEN $2 = 'delivered' THEN now() END,
                next_attempt_at = CASE WHEN $2 = 'pending' THEN now() + make_interval(secs => $5::double precision / 1000) END
          WHERE id = $1`,
        [claimed.id, error ? (last ? 'failed' : 'pending') : 'delivered', responseCode, error, retryInMs ?? 0],
      );
    });
    return { retryInMs };
  }
}

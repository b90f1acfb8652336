import { createHmac } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { INestApplicationContext } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { DataSource } from 'typeorm';
import { WebhooksService } from '@pit/needs';
import { SweepWebhookDeliveriesJob } from '@pit/needs/jobs';
import { DESCRIPTION, SUBMIT_NEED, accountsWithRoles, graphql, startApi, startWorker, waitFor } from '../../../tools/test/harness.js';

// Issue 7 item 4: an authority's webhooks for partner back offices, against the real api, PostgreSQL, the
// worker (outbox relay + jobs) and a real HTTP receiver on loopback that checks each signature with the secret.

const REGISTER = /* GraphQL */ `mutation($a: ID!, $i: RegisterWebhookInput!) { registerWebhook(authorityId: $a, input: $i) { secret webhook { id url events active createdBy } } }`;
const LIST = /* GraphQL */ `query($a: ID!) { webhooks(authorityId: $a) { id url events active disabledAt } }`;
const DISABLE = /* GraphQL */ `mutation($id: ID!) { disableWebhook(id: $id) { id active disabledAt } }`;
const DELIVERIES = /* GraphQL */ `query($id: ID!) { webhookDeliveries(webhookId: $id, first: 50) { id event eventId status attemptCount responseCode error deliveredAt attempts { attempt responseCode error } } }`;
const CHANGE = /* GraphQL */ `mutation($r: String!, $i: ChangeNeedStatusInput!) { changeNeedStatus(reference: $r, input: $i) { status } }`;
const TRANSFER = /* GraphQL */ `mutation($r: String!, $i: TransferNeedInput!) { transferNeed(reference: $r, input: $i) { reference } }`;

interface Received {
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
}

describe('webhooks for partner back offices', () => {
  let api: NestFastifyApplication;
  let worker: INestApplicationContext;
  let dataSource: DataSource;
  let receiver: Server;
  let base: string;
  let avrilleId: string;
  let tierceId: string;
  let tokens = {} as Record<'agent' | 'agentT' | 'admin' | 'resident', string>;
  const received: Received[] = [];
  /** Scripted answers per path (consumed in order); 200 once the script is empty. */
  const script = new Map<string, number[]>();

  const call = <T>(query: string, variables: Record<string, unknown>, token: string | null) => graphql<T>(api, query, variables, { token });
  const code = (response: { errors?: Array<{ extensions?: { code?: string } }> }) => response.errors?.[0]?.extensions?.code ?? 'OK';
  const register = async (path: string, events: string[], authorityId = avrilleId, token = tokens.agent) => {
    const response = await call<{ registerWebhook: { secret: string; webhook: { id: string } } }>(REGISTER, { a: authorityId, i: { url: `${base}${path}`, events } }, token);
    expect(response.errors).toBeUndefined();
    return { id: response.data!.registerWebhook.webhook.id, secret: response.data!.registerWebhook.secret };
  };
  const deliveries = async (id: string) => (await call<{ webhookDeliveries: Array<Record<string, unknown>> }>(DELIVERIES, { id }, tokens.agent)).data!.webhookDeliveries;
  const verified = (request: Received, secret: string) => request.headers['x-pit-signature'] === `sha256=${createHmac('sha256', secret).update(request.body).digest('hex')}`;
  const submitted = async (title: string) => {
    const response = await call<{ submitNeed: { id: string; reference: string } }>(SUBMIT_NEED, { input: { title, description: DESCRIPTION, categoryKey: 'schools', communeCode: '49015' } }, tokens.resident);
    expect(response.errors).toBeUndefined();
    return response.data!.submitNeed;
  };

  beforeAll(async () => {
    receiver = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        const path = request.url ?? '/';
        received.push({ path, headers: request.headers, body: Buffer.concat(chunks).toString('utf8') });
        const status = script.get(path)?.shift() ?? 200;
        response.writeHead(status, { 'content-type': 'text/plain' }).end('ok');
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;
    process.env.WEBHOOK_ALLOW_HTTP_LOOPBACK = 'true';
    process.env.WEBHOOK_BACKOFF_MS = '50';
    process.env.WEBHOOK_MAX_ATTEMPTS = '3';
    process.env.WEBHOOK_TIMEOUT_MS = '2000';
    api = await startApi();
    worker = await startWorker();
    dataSource = api.get(DataSource);
    // A database reused between runs: earlier runs' webhooks point at closed ports.
    await dataSource.query(`UPDATE webhook SET active = false, disabled_at = now() WHERE active`);
    [{ id: avrilleId }] = await dataSource.query(`SELECT id FROM authority WHERE kind = 'commune' AND code = '49015'`);
    [{ id: tierceId }] = await dataSource.query(`SELECT id FROM authority WHERE kind = 'commune' AND code = '49347'`);
    ({ tokens } = await accountsWithRoles(api, 'Webhooks', {
      agent: { role: 'agent', authorityId: avrilleId },
      agentT: { role: 'agent', authorityId: tierceId },
      admin: { role: 'admin' },
      resident: null,
    }));
  });
  afterAll(async () => {
    // Later files of the suite must not dispatch to this file's receiver, closed by then.
    await dataSource?.query(`UPDATE webhook SET active = false, disabled_at = now() WHERE active`);
    await worker?.close();
    await api?.close();
    await new Promise((resolve) => receiver?.close(resolve));
    for (const name of ['WEBHOOK_ALLOW_HTTP_LOOPBACK', 'WEBHOOK_BACKOFF_MS', 'WEBHOOK_MAX_ATTEMPTS', 'WEBHOOK_TIMEOUT_MS']) delete process.env[name];
  });

  it('registers a webhook for the authority’s agents (secret shown once, stored for signing, audited); bad input names its field', async () => {
    const response = await call<{ registerWebhook: { secret: string; webhook: Record<string, unknown> & { id: string } } }>(
      REGISTER,
      { a: avrilleId, i: { url: `${base}/registered`, events: ['need.status_changed', 'need.status_changed'] } },
      tokens.agent,
    );
    expect(response.errors).toBeUndefined();
    const { secret, webhook } = response.data!.registerWebhook;
    expect(secret).toMatch(/^whsec_[A-Za-z0-9_-]{32}$/);
    expect(webhook).toEqual({ id: webhook.id, url: `${base}/registered`, events: ['need.status_changed'], active: true, createdBy: expect.stringMatching(/^Webhooks agent/) });
    const [stored] = await dataSource.query(`SELECT secret FROM webhook WHERE id = $1`, [webhook.id]);
    expect(stored.secret).toBe(`plain:${secret}`);
    const audit = await dataSource.query(`SELECT action, after FROM audit_entry WHERE subject_id = $1`, [webhook.id]);
    expect(audit).toEqual([{ action: 'webhook.register', after: { authorityId: avrilleId, url: `${base}/registered`, events: ['need.status_changed'] } }]);
    const listed = await call<{ webhooks: Array<{ id: string }> }>(LIST, { a: avrilleId }, tokens.agent);
    expect(listed.data!.webhooks.map((row) => row.id)).toContain(webhook.id);

    const http = await call(REGISTER, { a: avrilleId, i: { url: 'http://partenaire.example.fr/hook', events: ['need.routed'] } }, tokens.agent);
    expect(code(http)).toBe('BAD_USER_INPUT');
    expect(http.errors![0]!.extensions).toMatchObject({ fields: [{ field: 'url', message: 'L’adresse doit commencer par https://.' }] });
    const events = await call(REGISTER, { a: avrilleId, i: { url: 'https://partenaire.example.fr/hook', events: ['need.deleted'] } }, tokens.agent);
    expect(events.errors![0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: [{ field: 'events', message: 'Choisissez au moins un événement dans la liste.' }] });
  });

  it('refuses other authorities’ agents and residents; admins may act for any authority', async () => {
    const { id } = await register('/denials', ['need.routed']);
    expect(code(await call(LIST, { a: avrilleId }, tokens.agentT))).toBe('FORBIDDEN');
    expect(code(await call(REGISTER, { a: avrilleId, i: { url: 'https://x.example.fr/', events: ['need.routed'] } }, tokens.resident))).toBe('FORBIDDEN');
    expect(code(await call(REGISTER, { a: avrilleId, i: { url: 'https://x.example.fr/', events: ['need.routed'] } }, null))).toBe('UNAUTHENTICATED');
    expect(code(await call(DISABLE, { id }, tokens.agentT))).toBe('FORBIDDEN');
    expect(code(await call(DELIVERIES, { id }, tokens.agentT))).toBe('FORBIDDEN');
    expect(code(await call(DELIVERIES, { id }, tokens.admin))).toBe('OK');
    const disabled = await call<{ disableWebhook: { active: boolean } }>(DISABLE, { id }, tokens.admin);
    expect(disabled.data!.disableWebhook.active).toBe(false);
    const again = await call(DISABLE, { id }, tokens.agent);
    expect(again.errors![0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: [{ field: 'id', message: 'Ce webhook est déjà désactivé.' }] });
    const audit = await dataSource.query(`SELECT action FROM audit_entry WHERE subject_id = $1 ORDER BY created_at`, [id]);
    expect(audit.map((row: { action: string }) => row.action)).toEqual(['webhook.register', 'webhook.disable']);
  });

  it('delivers need.routed, need.status_changed and need.transferred, signed with the secret, without personal data', async () => {
    const avrille = await register('/avrille', ['need.routed', 'need.status_changed', 'need.transferred']);
    const tierce = await register('/tierce', ['need.routed'], tierceId, tokens.agentT);
    const need = await submitted('Cour de l’école inondée');
    const routed = await waitFor(async () => received.find((r) => r.path === '/avrille' && r.headers['x-pit-event'] === 'need.routed' && r.body.includes(need.reference)), { what: 'need.routed' });
    expect(verified(routed, avrille.secret)).toBe(true);
    expect(verified(routed, tierce.secret)).toBe(false);
    const body = JSON.parse(routed.body);
    expect(routed.headers['content-type']).toBe('application/json');
    expect(routed.headers['x-pit-delivery']).toBe(body.id);
    expect(Number(routed.headers['x-pit-timestamp'])).toBe(Math.floor(Date.parse(body.sentAt) / 1000));
    expect(body).toMatchObject({
      event: 'need.routed',
      need: { reference: need.reference, categoryKey: 'schools', communeCode: '49015', authority: { id: avrilleId, name: 'Avrillé', kind: 'commune', code: '49015' }, url: `http://localhost:3000/besoins/${need.reference}` },
      routing: { kind: 'initial', authority: { id: avrilleId, kind: 'commune', code: '49015' } },
    });
    expect(routed.body).not.toMatch(/@|Webhooks resident|Cour de l’école/);

    await graphql(api, CHANGE, { r: need.reference, i: { status: 'UNDER_STUDY', answer: 'Nous regardons la cour cette semaine.' } }, { token: tokens.agent });
    const changed = await waitFor(async () => received.find((r) => r.path === '/avrille' && r.headers['x-pit-event'] === 'need.status_changed' && r.body.includes(need.reference) && r.body.includes('"statusChange":{"status":"under_study"')), {
      what: 'need.status_changed',
    });
    expect(verified(changed, avrille.secret)).toBe(true);
    expect(JSON.parse(changed.body)).toMatchObject({ event: 'need.status_changed', need: { reference: need.reference, status: 'under_study', authority: { id: avrilleId } }, statusChange: { status: 'under_study', publicAnswer: 'Nous regardons la cour cette semaine.' } });

    const moved = await call(TRANSFER, { r: need.reference, i: { authorityId: tierceId, reason: 'La cour relève du syndicat intercommunal.' } }, tokens.agent);
    expect(moved.errors).toBeUndefined();
    const left = await waitFor(async () => received.find((r) => r.path === '/avrille' && r.headers['x-pit-event'] === 'need.transferred' && r.body.includes(need.reference)), { what: 'need.transferred' });
    expect(verified(left, avrille.secret)).toBe(true);
    const arrived = await waitFor(async () => received.find((r) => r.path === '/tierce' && r.headers['x-pit-event'] === 'need.routed' && r.body.includes(need.reference)), { what: 'routed to Tiercé' });
    expect(verified(arrived, tierce.secret)).toBe(true);
    expect(JSON.parse(arrived.body).routing).toMatchObject({ kind: 'transfer', authority: { id: tierceId } });
    // Tiercé's webhook listens to need.routed only: no need.transferred there.
    expect(received.filter((r) => r.path === '/tierce' && r.headers['x-pit-event'] === 'need.transferred')).toEqual([]);
    // This need's deliveries in the page's log (jobs left by other test files may route other needs here meanwhile).
    const ours = new Set<string>(
      (await dataSource.query(`SELECT id FROM webhook_delivery WHERE webhook_id = $1 AND payload->'need'->>'reference' = $2`, [avrille.id, need.reference])).map((row: { id: string }) => row.id),
    );
    const log = (await deliveries(avrille.id)).filter((row) => ours.has(row.id as string));
    // Routing also moved the need to transmis: a status change of its own.
    expect(log.map((row) => [row.event, row.status, row.attemptCount, row.responseCode]).sort()).toEqual([
      ['need.routed', 'delivered', 1, 200],
      ['need.status_changed', 'delivered', 1, 200],
      ['need.status_changed', 'delivered', 1, 200],
      ['need.transferred', 'delivered', 1, 200],
    ]);
  });

  it('retries a delivery answered 500 with backoff, logs each attempt, and marks failed after the last one', async () => {
    const flaky = await register('/flaky', ['need.routed']);
    const down = await register('/down', ['need.routed']);
    script.set('/flaky', [500]);
    script.set('/down', [503, 503, 503]);
    const need = await submitted('Préau de l’école à réparer');
    const settled = await waitFor(
      async () => {
        const [a] = await deliveries(flaky.id);
        const [b] = await deliveries(down.id);
        return a?.status === 'delivered' && b?.status === 'failed' ? { a, b } : undefined;
      },
      { what: 'retries settled' },
    );
    expect(settled.a).toMatchObject({
      event: 'need.routed',
      attemptCount: 2,
      responseCode: 200,
      error: null,
      attempts: [
        { attempt: 1, responseCode: 500, error: 'HTTP 500' },
        { attempt: 2, responseCode: 200, error: null },
      ],
    });
    expect(settled.b).toMatchObject({
      status: 'failed',
      attemptCount: 3,
      responseCode: 503,
      error: 'HTTP 503',
      deliveredAt: null,
      attempts: [
        { attempt: 1, responseCode: 503, error: 'HTTP 503' },
        { attempt: 2, responseCode: 503, error: 'HTTP 503' },
        { attempt: 3, responseCode: 503, error: 'HTTP 503' },
      ],
    });
    const flakyRequests = received.filter((r) => r.path === '/flaky' && r.body.includes(need.reference));
    expect(flakyRequests).toHaveLength(2);
    expect(new Set(flakyRequests.map((r) => r.headers['x-pit-delivery']))).toEqual(new Set([settled.a.id]));
    expect(flakyRequests.every((r) => verified(r, flaky.secret))).toBe(true);
    expect(received.filter((r) => r.path === '/down' && r.body.includes(need.reference))).toHaveLength(3);
  });

  it('is idempotent: dispatch and delivery run twice (even concurrently) deliver once', async () => {
    const need = await submitted('Grille de l’école cassée');
    await waitFor(async () => ((await dataSource.query(`SELECT 1 FROM need WHERE id = $1 AND status = 'transmitted'`, [need.id])).length ? true : undefined), { what: 'routed' });
    const hook = await register('/twice', ['need.status_changed']);
    await graphql(api, CHANGE, { r: need.reference, i: { status: 'UNDER_STUDY' } }, { token: tokens.agent });
    const [change] = await dataSource.query(`SELECT id FROM need_status_change WHERE need_id = $1 AND status = 'under_study'`, [need.id]);
    const [delivered] = await waitFor(async () => {
      const rows = (await deliveries(hook.id));
      const studied = rows.filter((row) => row.status === 'delivered' && (row.eventId as string).endsWith(change.id));
      return studied.length ? studied : undefined;
    });
    // The need's routing (transmis) may still be dispatching when the webhook is registered: only later events count.
    const count = () => received.filter((r) => r.path === '/twice' && !r.body.includes('"statusChange":{"status":"transmitted"')).length;
    expect(count()).toBe(1);
    const service = api.get(WebhooksService);
    expect(await service.dispatch({ kind: 'status', needId: need.id, sourceId: change.id })).toBe(0);
    expect(await service.deliver(delivered!.id as string)).toEqual({ retryInMs: null });
    expect(count()).toBe(1);

    // A fresh pending delivery (no job yet) run twice at the same time: one POST.
    const [pending] = await dataSource.query(
      `INSERT INTO webhook_delivery (webhook_id, event_id, event, payload, next_attempt_at) VALUES ($1, 'need.status_changed:manual', 'need.status_changed', '{"event": "need.status_changed"}', now()) RETURNING id`,
      [hook.id],
    );
    const runs = await Promise.all([service.deliver(pending.id), service.deliver(pending.id)]);
    expect(runs).toEqual([{ retryInMs: null }, { retryInMs: null }]);
    expect(count()).toBe(2);
    const [row] = await dataSource.query(`SELECT status, attempt_count AS "attemptCount", (SELECT count(*)::int FROM webhook_attempt WHERE delivery_id = $1) AS attempts FROM webhook_delivery WHERE id = $1`, [pending.id]);
    expect(row).toEqual({ status: 'delivered', attemptCount: 1, attempts: 1 });
  });

  it('sends again, once, a delivery whose worker died while sending (the sweep)', async () => {
    const hook = await register('/swept', ['need.status_changed']);
    const [stuck] = await dataSource.query(
      `INSERT INTO webhook_delivery (webhook_id, event_id, event, payload, status, attempt_count, next_attempt_at)
       VALUES ($1, 'need.status_changed:stuck', 'need.status_changed', '{"event": "need.status_changed"}', 'sending', 1, now() - interval '2 minutes') RETURNING id`,
      [hook.id],
    );
    const sweep = worker.get(SweepWebhookDeliveriesJob);
    await sweep.handle();
    await sweep.handle();
    const [delivered] = await waitFor(async () => {
      const rows = await deliveries(hook.id);
      return rows[0]?.status === 'delivered' ? rows : undefined;
    }, { what: 'swept delivery' });
    expect(delivered).toMatchObject({ id: stuck.id, attemptCount: 2, attempts: [{ attempt: 2, responseCode: 200, error: null }] });
    await sweep.handle();
    await new Promise((resolve) => setTimeout(resolve, 300));
    const requests = received.filter((r) => r.path === '/swept');
    expect(requests).toHaveLength(1);
    expect(verified(requests[0]!, hook.secret)).toBe(true);
  });

  it('sends nothing to a disabled webhook', async () => {
    const hook = await register('/disabled', ['need.routed']);
    const disabled = await call<{ disableWebhook: { active: boolean } }>(DISABLE, { id: hook.id }, tokens.agent);
    expect(disabled.data!.disableWebhook.active).toBe(false);
    const need = await submitted('Toilettes de l’école fermées');
    await waitFor(async () => (received.some((r) => r.path === '/avrille' && r.body.includes(need.reference)) ? true : undefined), { what: 'other webhooks served' });
    expect(received.filter((r) => r.path === '/disabled')).toEqual([]);
    expect(await deliveries(hook.id)).toEqual([]);
  });
});

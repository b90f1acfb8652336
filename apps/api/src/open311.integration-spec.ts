import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { INestApplicationContext } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { DataSource } from 'typeorm';
import { XMLParser } from 'fast-xml-parser';
import { TerritoryService } from '@pit/territory';
import { accountsWithRoles, graphql, signUpResident, startApi, startWorker, waitFor } from '../../../tools/test/harness.js';

// Issue 7 item 3: an Open311 GeoReport v2 client against the real api (Fastify, app.inject), PostgreSQL
// and the worker that routes needs. Lists services, posts a request with a partner's API key, reads
// its status and updates after an agent answers through GraphQL; 403 / 404 / 400 in XML and in JSON.

const ISSUE = /* GraphQL */ `mutation($p: String!) { issueOpen311Key(partnerName: $p) { secret key { id partnerName prefix createdBy revokedAt requestCount } } }`;
const KEYS = /* GraphQL */ `{ open311Keys { id partnerName prefix revokedAt lastUsedAt requestCount } }`;
const REVOKE = /* GraphQL */ `mutation($id: ID!) { revokeOpen311Key(id: $id) { id revokedAt } }`;
const STATUS = /* GraphQL */ `mutation($r: String!, $i: ChangeNeedStatusInput!) { changeNeedStatus(reference: $r, input: $i) { status } }`;

const xml = new XMLParser({ parseTagValue: false, isArray: (name) => ['request', 'service', 'error', 'request_update', 'endpoint', 'format'].includes(name) });
const parseXml = (body: string) => xml.parse(body) as Record<string, Record<string, unknown>>;

// The BAN geocoder (search and reverse), answered locally in its GeoJSON format (DOMAIN.md §3).
const feature = (label: string, citycode: string, lon: number, lat: number) => ({
  type: 'Feature',
  geometry: { type: 'Point', coordinates: [lon, lat] },
  properties: { label, score: 0.9, citycode, postcode: '49240', city: 'Avrillé', type: 'housenumber' },
});
const AVRILLE_ADDRESS = feature('12 Avenue Pierre Mendès France 49240 Avrillé', '49015', -0.5912, 47.5061);
const PARIS_ADDRESS = feature('1 Rue de Rivoli 75001 Paris', '75101', 2.3469, 48.8589);

describe('Open311 GeoReport v2 under /open311/v2', () => {
  let api: NestFastifyApplication;
  let worker: INestApplicationContext;
  let dataSource: DataSource;
  let ban: Server;
  let tokens = {} as Record<'admin' | 'agent' | 'resident', string>;
  let ids = {} as Record<'admin' | 'agent' | 'resident', string>;
  let key: { id: string; secret: string };
  let posted: { reference: string; token: string };

  const get = (url: string) => api.inject({ method: 'GET', url: `/open311/v2/${url}` });
  const post = (file: string, form: Record<string, string>) =>
    api.inject({ method: 'POST', url: `/open311/v2/${file}`, headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: new URLSearchParams(form).toString() });
  const json = (response: { body: string }) => JSON.parse(response.body) as Array<Record<string, unknown>>;
  const form = (extra: Record<string, string>) => ({
    api_key: key.secret,
    service_code: 'waste_collection',
    description: 'Le conteneur de verre déborde depuis une semaine. Des bouteilles cassées jonchent le trottoir devant l’école.',
    ...extra,
  });

  beforeAll(async () => {
    ban = createServer((request, response) => {
      const url = new URL(request.url ?? '/', 'http://ban');
      const q = url.searchParams.get('q') ?? '';
      const lat = Number(url.searchParams.get('lat'));
      const features = url.pathname === '/reverse' ? (lat > 48 ? [PARIS_ADDRESS] : lat > 47 ? [AVRILLE_ADDRESS] : []) : q.includes('Rivoli') ? [PARIS_ADDRESS] : q.includes('Mendès') ? [AVRILLE_ADDRESS] : [];
      response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ type: 'FeatureCollection', features }));
    });
    await new Promise<void>((resolve) => ban.listen(0, '127.0.0.1', resolve));
    process.env.GEOCODER_URL = `http://127.0.0.1:${(ban.address() as AddressInfo).port}`;
    process.env.OPEN311_POSTS_PER_HOUR = '3';
    api = await startApi();
    worker = await startWorker();
    dataSource = api.get(DataSource);
    const alm = (await api.get(TerritoryService).authorities('epci')).find((authority) => authority.code === '244900015')!;
    ({ tokens, ids } = await accountsWithRoles(api, 'Open311', { admin: { role: 'admin' }, agent: { role: 'agent', authorityId: alm.id }, resident: null }));
  });
  afterAll(async () => {
    await worker?.close();
    await api?.close();
    await new Promise((resolve) => ban?.close(resolve));
    delete process.env.GEOCODER_URL;
    delete process.env.OPEN311_POSTS_PER_HOUR;
  });

  it('lets an admin issue a key, shown once in clear and stored as its SHA-256 only (audited); others are refused', async () => {
    const issued = await graphql<{ issueOpen311Key: { secret: string; key: Record<string, unknown> & { id: string } } }>(api, ISSUE, { p: '  Signalements   Avrillé ' }, { token: tokens.admin });
    expect(issued.errors).toBeUndefined();
    const { secret, key: row } = issued.data!.issueOpen311Key;
    expect(secret).toMatch(/^o311_[A-Za-z0-9_-]{32}$/);
    expect(row).toEqual({ id: row.id, partnerName: 'Signalements Avrillé', prefix: secret.slice(0, 11), createdBy: expect.stringMatching(/^Open311 admin/), revokedAt: null, requestCount: 0 });
    key = { id: row.id, secret };
    const [stored] = await dataSource.query(`SELECT encode(key_hash, 'hex') AS hash, key_prefix FROM open311_key WHERE id = $1`, [row.id]);
    expect(stored).toEqual({ hash: (await import('node:crypto')).createHash('sha256').update(secret).digest('hex'), key_prefix: secret.slice(0, 11) });
    const audit = await dataSource.query(`SELECT actor_id, after FROM audit_entry WHERE subject_id = $1 AND action = 'open311.key_issue'`, [row.id]);
    expect(audit).toEqual([{ actor_id: ids.admin, after: { partnerName: 'Signalements Avrillé', keyPrefix: secret.slice(0, 11) } }]);

    expect((await graphql(api, ISSUE, { p: 'X' }, { token: tokens.admin })).errors?.[0]?.extensions).toEqual({
      code: 'BAD_USER_INPUT',
      fields: [{ field: 'partnerName', message: 'Indiquez le nom du partenaire (2 à 120 caractères).' }],
    });
    expect((await graphql(api, ISSUE, { p: 'Intrus' }, { token: tokens.agent })).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect((await graphql(api, KEYS, {}, { token: tokens.resident })).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });

  it('describes itself (discovery) and lists the categories as services grouped by theme, in JSON and XML', async () => {
    const discovery = await get('discovery.json');
    expect(discovery.statusCode).toBe(200);
    expect(JSON.parse(discovery.body).endpoints).toEqual([
      { specification: 'http://wiki.open311.org/GeoReport_v2', url: 'http://localhost:80/open311/v2/', changeset: '2026-11-26T00:00:00+00:00', type: 'production', formats: ['text/xml', 'application/json'] },
    ]);
    const discoveryXml = parseXml((await get('discovery.xml')).body);
    expect((discoveryXml.discovery!.endpoints as { endpoint: Array<{ formats: unknown }> }).endpoint[0]!.formats).toEqual({ format: ['text/xml', 'application/json'] });

    const services = await get('services.json');
    expect(services.headers['content-type']).toBe('application/json; charset=utf-8');
    const list = json(services);
    expect(list).toHaveLength(28);
    expect(list.find((service) => service.service_code === 'waste_collection')).toEqual({
      service_code: 'waste_collection',
      service_name: 'Collecte, tri, déchèteries',
      description: 'Déchets — Collecte, tri, déchèteries',
      metadata: false,
      type: 'realtime',
      keywords: 'M57 90-72',
      group: 'Déchets',
    });
    const servicesXml = await get('services.xml');
    expect(servicesXml.headers['content-type']).toBe('text/xml; charset=utf-8');
    const parsed = parseXml(servicesXml.body).services!.service as Array<Record<string, string>>;
    expect(parsed).toHaveLength(28);
    expect(parsed.find((service) => service.service_code === 'parking')).toEqual({
      service_code: 'parking', service_name: 'Stationnement', description: 'Voirie et stationnement — Stationnement', metadata: 'false', type: 'realtime', keywords: '', group: 'Voirie et stationnement',
    });

    expect(json(await get('services/waste_collection.json'))).toEqual({ service_code: 'waste_collection', attributes: [] });
    expect(parseXml((await get('services/waste_collection.xml')).body)).toEqual({ '?xml': '', service_definition: { service_code: 'waste_collection', attributes: '' } });
  });

  it('answers an unknown service with 404, a bad api_key with 403 and a missing location with 400, in JSON and XML', async () => {
    const unknownJson = await get('services/potholes.json');
    expect(unknownJson.statusCode).toBe(404);
    expect(json(unknownJson)).toEqual([{ code: 404, description: 'Unknown service_code: potholes.' }]);
    const unknownXml = await get('services/potholes.xml');
    expect(unknownXml.statusCode).toBe(404);
    expect(parseXml(unknownXml.body).errors).toEqual({ error: [{ code: '404', description: 'Unknown service_code: potholes.' }] });
    expect(json(await post('requests.json', form({ service_code: 'potholes', lat: '47.5061', long: '-0.5912' })))).toEqual([{ code: 404, description: 'Unknown service_code: potholes.' }]);

    for (const [apiKey, description] of [['o311_not-a-key', 'Invalid api_key.'], ['', 'api_key is required.']] as const) {
      const badJson = await post('requests.json', form({ api_key: apiKey, lat: '47.5061', long: '-0.5912' }));
      expect(badJson.statusCode).toBe(403);
      expect(json(badJson)).toEqual([{ code: 403, description }]);
      const badXml = await post('requests.xml', form({ api_key: apiKey, lat: '47.5061', long: '-0.5912' }));
      expect(badXml.statusCode).toBe(403);
      expect(parseXml(badXml.body).errors).toEqual({ error: [{ code: '403', description }] });
    }

    const noPlaceJson = await post('requests.json', form({}));
    expect(noPlaceJson.statusCode).toBe(400);
    expect(json(noPlaceJson)).toEqual([{ code: 400, description: 'A location is required: lat and long, or address_string.' }]);
    const noPlaceXml = await post('requests.xml', form({}));
    expect(noPlaceXml.statusCode).toBe(400);
    expect(parseXml(noPlaceXml.body).errors).toEqual({ error: [{ code: '400', description: 'A location is required: lat and long, or address_string.' }] });

    expect(json(await post('requests.json', form({ lat: '48.8589', long: '2.3469' })))).toEqual([
      { code: 400, description: 'This point is outside the 65 communes of the Pôle métropolitain Loire Angers.' },
    ]);
    expect(json(await post('requests.json', form({ lat: '47.5', long: '-0.59', jurisdiction_id: '75056' })))).toEqual([
      { code: 404, description: 'Unknown jurisdiction_id: 75056 (a commune\'s INSEE code or an intercommunality\'s SIREN of the Pôle métropolitain Loire Angers).' },
    ]);
    expect(json(await post('requests.json', form({ lat: '47.5', long: '-0.59', jurisdiction_id: '200068955' })))).toEqual([
      { code: 400, description: 'This point is outside the given jurisdiction_id.' },
    ]);
    expect(json(await post('requests.json', form({ lat: 'north', long: '-0.59' })))).toEqual([{ code: 400, description: 'lat and long must both be decimal degrees (WGS84).' }]);
    expect(json(await post('requests.json', form({ description: 'Trop court', lat: '47.5061', long: '-0.5912' })))).toEqual([
      { code: 400, description: 'description: La description doit compter entre 20 et 5000 caractères (elle en compte 10).' },
    ]);
    expect(Number((await dataSource.query(`SELECT count(*) FROM open311_request WHERE key_id = $1`, [key.id]))[0].count)).toBe(0);
  });

  it('creates a real need from a POST (lat/long, commune by reverse geocoding), routed by the worker, readable by id and token', async () => {
    const created = await post('requests.xml', form({ lat: '47.5061', long: '-0.5912' }));
    expect(created.statusCode).toBe(201);
    const [answer] = parseXml(created.body).service_requests!.request as Array<Record<string, string>>;
    expect(answer).toEqual({ service_request_id: expect.stringMatching(/^B-[2-9A-HJKMNP-TV-Z]{6}$/), token: expect.stringMatching(/^[A-Za-z0-9_-]{32}$/), service_notice: '', account_id: '' });
    posted = { reference: answer!.service_request_id!, token: answer!.token! };

    const [need] = await dataSource.query(
      `SELECT n.title, n.description, n.commune_code, n.author_id, n.author_email, n.channel, n.address_label, q.key_id FROM need n JOIN open311_request q ON q.need_id = n.id WHERE n.reference = $1`,
      [posted.reference],
    );
    expect(need).toEqual({
      title: 'Le conteneur de verre déborde depuis une semaine',
      description: 'Le conteneur de verre déborde depuis une semaine. Des bouteilles cassées jonchent le trottoir devant l’école.',
      commune_code: '49015',
      author_id: null,
      author_email: null,
      channel: 'web',
      address_label: '12 Avenue Pierre Mendès France 49240 Avrillé',
      key_id: key.id,
    });
    expect(json(await get(`tokens/${posted.token}.json`))).toEqual([{ token: posted.token, service_request_id: posted.reference }]);
    expect(parseXml((await get(`tokens/${posted.token}.xml`)).body).service_requests).toEqual({ request: [{ token: posted.token, service_request_id: posted.reference }] });
    expect((await get('tokens/unknown-token-0000000000.json')).statusCode).toBe(404);

    const routed = await waitFor(async () => {
      const [request] = json(await get(`requests/${posted.reference}.json`));
      return request!.agency_responsible ? request : undefined;
    }, { what: 'routing of the Open311 need' });
    expect(routed).toEqual({
      service_request_id: posted.reference,
      status: 'open',
      status_notes: 'La collecte des déchets relève de la communauté urbaine Angers Loire Métropole.',
      service_name: 'Collecte, tri, déchèteries',
      service_code: 'waste_collection',
      description: `Le conteneur de verre déborde depuis une semaine\n\n${need.description}`,
      agency_responsible: 'Angers Loire Métropole',
      service_notice: 'La collecte des déchets relève de la communauté urbaine Angers Loire Métropole.',
      requested_datetime: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+00:00$/),
      updated_datetime: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+00:00$/),
      expected_datetime: '',
      address: '12 Avenue Pierre Mendès France 49240 Avrillé',
      address_id: '',
      zipcode: '49240',
      lat: 47.5061,
      long: -0.5912,
      media_url: '',
      jurisdiction_id: '49015',
      external_status_code: 'transmitted',
    });
    expect((await get('requests/B-ZZZZZZ.json')).statusCode).toBe(404);
    expect(parseXml((await get('requests/B-ZZZZZZ.xml')).body).errors).toEqual({ error: [{ code: '404', description: 'Unknown service_request_id: B-ZZZZZZ.' }] });
  });

  it('creates a need from an address_string (BAN) or lat/long with the commune as jurisdiction_id', async () => {
    expect(json(await post('requests.json', form({ address_string: '1 rue de Rivoli, Paris' })))).toEqual([
      { code: 400, description: 'address_string was not found in the communes of the Pôle métropolitain Loire Angers.' },
    ]);
    const byAddress = await post('requests.json', form({ address_string: '12 avenue Pierre Mendès France, Avrillé' }));
    expect(byAddress.statusCode).toBe(201);
    const [fromAddress] = json(byAddress);
    const byJurisdiction = await post('requests.json', form({ lat: '47.4739', long: '-0.5517', jurisdiction_id: '49007' }));
    const [fromPoint] = json(byJurisdiction);
    const rows = await dataSource.query(`SELECT reference, commune_code, address_label FROM need WHERE reference = ANY($1) ORDER BY commune_code`, [[fromAddress!.service_request_id, fromPoint!.service_request_id]]);
    expect(rows).toEqual([
      { reference: fromPoint!.service_request_id, commune_code: '49007', address_label: 'Point signalé (47.47390, -0.55170), Angers' },
      { reference: fromAddress!.service_request_id, commune_code: '49015', address_label: '12 Avenue Pierre Mendès France 49240 Avrillé' },
    ]);
  });

  it('limits POSTs per key (3 an hour here): the next one gets 429 with Retry-After, in the format asked', async () => {
    // Three needs were posted with this key by the tests above.
    const limited = await post('requests.xml', form({ lat: '47.5061', long: '-0.5912' }));
    expect(limited.statusCode).toBe(429);
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    expect(parseXml(limited.body).errors).toEqual({ error: [{ code: '429', description: 'Too many requests for this api_key: at most 3 per hour.' }] });
    expect(Number((await dataSource.query(`SELECT count(*) FROM open311_request WHERE key_id = $1`, [key.id]))[0].count)).toBe(3);
  });

  it('shows the status and public answers an agent gives through GraphQL, in requests and the servicerequestupdates feed', async () => {
    const since = new Date(Date.now() - 60_000).toISOString();
    const study = await graphql(api, STATUS, { r: posted.reference, i: { status: 'UNDER_STUDY', answer: 'Nous passons vérifier le conteneur cette semaine.' } }, { token: tokens.agent });
    expect(study.errors).toBeUndefined();
    const refuse = await graphql(api, STATUS, { r: posted.reference, i: { status: 'REFUSED', reason: 'Le conteneur a été vidé ce matin ; la collecte passe chaque mardi.' } }, { token: tokens.agent });
    expect(refuse.errors).toBeUndefined();

    const [closed] = json(await get(`requests/${posted.reference}.json`));
    expect({ status: closed!.status, status_notes: closed!.status_notes, external_status_code: closed!.external_status_code }).toEqual({
      status: 'closed',
      status_notes: 'Motif du refus : Le conteneur a été vidé ce matin ; la collecte passe chaque mardi.',
      external_status_code: 'refused',
    });
    const closedXml = (parseXml((await get(`requests/${posted.reference}.xml`)).body).service_requests!.request as Array<Record<string, string>>)[0]!;
    expect({ status: closedXml.status, lat: closedXml.lat, agency: closedXml.agency_responsible }).toEqual({ status: 'closed', lat: '47.5061', agency: 'Angers Loire Métropole' });

    const updates = json(await get(`servicerequestupdates.json?start_date=${encodeURIComponent(since)}&service_request_id=${posted.reference}`));
    expect(updates.map(({ update_id, updated_datetime, ...rest }) => rest)).toEqual([
      { service_request_id: posted.reference, status: 'OPEN', external_status_code: 'received', description: 'reçu', media_url: '' },
      { service_request_id: posted.reference, status: 'OPEN', external_status_code: 'transmitted', description: 'La collecte des déchets relève de la communauté urbaine Angers Loire Métropole.', media_url: '' },
      { service_request_id: posted.reference, status: 'INVESTIGATING', external_status_code: 'under_study', description: 'Nous passons vérifier le conteneur cette semaine.', media_url: '' },
      { service_request_id: posted.reference, status: 'NO_FURTHER_ACTION', external_status_code: 'refused', description: 'Motif du refus : Le conteneur a été vidé ce matin ; la collecte passe chaque mardi.', media_url: '' },
    ]);
    expect(updates.every((update) => /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+00:00$/.test(String(update.updated_datetime)))).toBe(true);
    const updatesXml = parseXml((await get(`servicerequestupdates.xml?start_date=${encodeURIComponent(since)}&service_request_id=${posted.reference}`)).body);
    expect((updatesXml.service_request_updates!.request_update as Array<Record<string, string>>).map((update) => update.status)).toEqual(['OPEN', 'OPEN', 'INVESTIGATING', 'NO_FURTHER_ACTION']);
    expect(json(await get('servicerequestupdates.json'))).toEqual([{ code: 400, description: 'start_date is required (ISO 8601), or service_request_id.' }]);

    // Filters: status, service_code, ids, dates, paging.
    const mine = (list: Array<Record<string, unknown>>) => list.map((request) => request.service_request_id).filter((id) => id === posted.reference);
    expect(mine(json(await get(`requests.json?status=closed&service_code=waste_collection`)))).toEqual([posted.reference]);
    expect(mine(json(await get(`requests.json?status=open`)))).toEqual([]);
    expect(mine(json(await get(`requests.json?service_code=parking`)))).toEqual([]);
    expect(mine(json(await get(`requests.json?jurisdiction_id=244900015&updated_after=${encodeURIComponent(since)}`)))).toEqual([posted.reference]);
    expect(mine(json(await get(`requests.json?jurisdiction_id=200071553`)))).toEqual([]);
    expect(json(await get(`requests.json?service_request_id=${posted.reference},B-ZZZZZZ`)).map((request) => request.service_request_id)).toEqual([posted.reference]);
    expect(json(await get(`requests.json?page_size=1`))).toHaveLength(1);
    expect(json(await get(`requests.json?page_size=500`))).toEqual([{ code: 400, description: 'page_size must be between 1 and 200.' }]);
    expect(json(await get(`requests.json?status=lost`))).toEqual([{ code: 400, description: 'status must be open or closed.' }]);
    expect(json(await get(`requests.json?start_date=yesterday`))).toEqual([{ code: 400, description: 'start_date must be an ISO 8601 date, e.g. 2026-11-26T09:00:00+01:00.' }]);
  });

  it('never shows needs awaiting confirmation, held by pre-moderation or hidden, nor any personal data', async () => {
    const resident = await signUpResident(api, 'Auteur Open311');
    const submitted = await graphql<{ submitNeed: { id: string; reference: string } }>(
      api,
      `mutation($i: SubmitNeedInput!) { submitNeed(input: $i) { id reference } }`,
      { i: { title: 'Bac jaune cassé rue des Lilas', description: 'Le bac jaune de la rue des Lilas est cassé depuis lundi.', categoryKey: 'waste_collection', communeCode: '49015' } },
      { token: resident.token },
    );
    const { id, reference } = submitted.data!.submitNeed;
    const pending = await graphql<{ submitNeed: { reference: string } }>(
      api,
      `mutation($i: SubmitNeedInput!) { submitNeed(input: $i) { reference } }`,
      { i: { title: 'Sans compte', description: 'Un besoin déposé sans compte, pas encore confirmé.', categoryKey: 'waste_collection', communeCode: '49015', authorEmail: 'anonyme@exemple.fr' } },
    );
    const listed = async () => json(await get(`requests.json?service_request_id=${reference},${pending.data!.submitNeed.reference}`)).map((request) => request.service_request_id);
    await waitFor(async () => ((json(await get(`requests/${reference}.json`))[0]?.agency_responsible ? true : undefined)), { what: 'routing of the resident’s need' });
    expect(await listed()).toEqual([reference]);
    const body = (await get(`requests/${reference}.json`)).body;
    expect(body).not.toContain(resident.pseudonym);
    expect(body).not.toContain(resident.email);

    await dataSource.query(`INSERT INTO need_moderation_hold (need_id, authority_id) SELECT id, authority_id FROM need WHERE id = $1`, [id]);
    expect(await listed()).toEqual([]);
    expect((await get(`requests/${reference}.json`)).statusCode).toBe(404);
    await dataSource.query(`DELETE FROM need_moderation_hold WHERE need_id = $1`, [id]);
    await dataSource.query(`UPDATE need SET status = 'hidden' WHERE id = $1`, [id]);
    expect(await listed()).toEqual([]);
    expect(json(await get(`servicerequestupdates.json?service_request_id=${reference}`))).toEqual([]);
  });

  it('refuses a revoked key with 403; the admin sees its use and the revocation is audited', async () => {
    const listed = await graphql<{ open311Keys: Array<Record<string, unknown>> }>(api, KEYS, {}, { token: tokens.admin });
    expect(listed.data!.open311Keys.find((row) => row.id === key.id)).toEqual({
      id: key.id, partnerName: 'Signalements Avrillé', prefix: key.secret.slice(0, 11), revokedAt: null, lastUsedAt: expect.any(String), requestCount: 3,
    });
    const revoked = await graphql<{ revokeOpen311Key: { id: string; revokedAt: string | null } }>(api, REVOKE, { id: key.id }, { token: tokens.admin });
    expect(revoked.data!.revokeOpen311Key.revokedAt).not.toBeNull();
    expect((await graphql(api, REVOKE, { id: key.id }, { token: tokens.admin })).errors?.[0]?.extensions?.fields).toEqual([{ field: 'id', message: 'Cette clé est déjà révoquée.' }]);
    expect((await graphql(api, REVOKE, { id: key.id }, { token: tokens.agent })).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const audit = await dataSource.query(`SELECT actor_id, before, after FROM audit_entry WHERE subject_id = $1 AND action = 'open311.key_revoke'`, [key.id]);
    expect(audit).toEqual([{ actor_id: ids.admin, before: { partnerName: 'Signalements Avrillé', keyPrefix: key.secret.slice(0, 11), revokedAt: null }, after: { revoked: true } }]);

    const refused = await post('requests.json', form({ lat: '47.5061', long: '-0.5912' }));
    expect(refused.statusCode).toBe(403);
    expect(json(refused)).toEqual([{ code: 403, description: 'Invalid api_key.' }]);
  });
});

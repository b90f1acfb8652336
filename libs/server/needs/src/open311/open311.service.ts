import { createHash, randomBytes } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { NEED_LIMITS, NEED_STATUS_LABELS, normalizeReference } from '@pit/domain';
import { AuditService, badUserInput, isMalformedText } from '@pit/core';
import { GeocoderService, GeocoderUnavailableError, TerritoryService, geocoderOptionsFromEnv, parseFeature, type Commune, type GeocodedAddress } from '@pit/territory';
import { AccessService, ThrottleService, randomToken, type Actor } from '@pit/accounts';
import { NeedsService } from '../needs.service.js';
import { Open311Repository, type Open311KeyRow, type Open311RequestFilter, type Open311RequestRow, type Open311UpdateRow } from './open311.repository.js';
import { Open311Error, open311Date, open311Error, open311ExtendedStatus, open311Status, parseOpen311Date, titleFromDescription } from './open311-format.js';

/** POSTs accepted per key and hour (OPEN311_POSTS_PER_HOUR, default 120); beyond, 429 with Retry-After. */
export function open311PostsPerHour(env: NodeJS.ProcessEnv = process.env): number {
  const value = Number(env.OPEN311_POSTS_PER_HOUR ?? 120);
  if (!Number.isInteger(value) || value < 1) throw new Error('OPEN311_POSTS_PER_HOUR must be a positive integer');
  return value;
}

export const OPEN311_PAGE_SIZE = { default: 50, max: 200 } as const;
/** The standard's default window for GET requests without dates, and its longest one. */
const DEFAULT_WINDOW_DAYS = 90;
const KEY_PREFIX = 'o311_';
const NO_ID = '00000000-0000-0000-0000-000000000000';

export interface Open311PostInput {
  api_key?: string;
  service_code?: string;
  jurisdiction_id?: string;
  lat?: string;
  long?: string;
  address_string?: string;
  description?: string;
}

export type Open311Query = Record<string, string | undefined>;

function keyHash(key: string): Buffer {
  return createHash('sha256').update(key, 'utf8').digest();
}

const one = (value: unknown): string | undefined => (typeof value === 'string' ? value : Array.isArray(value) && typeof value[0] === 'string' ? value[0] : undefined);

/**
 * Open311 GeoReport v2 over the platform's needs: services are the categories, requests the public
 * needs (held, hidden and unconfirmed ones never appear), POST submits a real need through
 * NeedsService.submit (routed by the same job as the web's). API keys are issued by admins.
 */
@Injectable()
export class Open311Service {
  private readonly postsPerHour = open311PostsPerHour();
  private readonly geocoderBaseUrl = geocoderOptionsFromEnv().baseUrl;

  constructor(
    private readonly dataSource: DataSource,
    private readonly repository: Open311Repository,
    private readonly needs: NeedsService,
    private readonly territory: TerritoryService,
    private readonly geocoder: GeocoderService,
    private readonly throttle: ThrottleService,
    private readonly access: AccessService,
    private readonly audit: AuditService,
  ) {}

  // ---- Reads ------------------------------------------------------------------------------------

  async services(): Promise<Array<Record<string, unknown>>> {
    const themes = await this.territory.themes();
    return themes.flatMap((theme) =>
      theme.categories.map((category) => ({
        service_code: category.key,
        service_name: category.label,
        description: `${theme.label} — ${category.label}`,
        metadata: false,
        type: 'realtime',
        keywords: category.m57Code ? `M57 ${category.m57Code}` : '',
        group: theme.label,
      })),
    );
  }

  async serviceDefinition(code: string): Promise<{ service_code: string; attributes: unknown[] }> {
    if (!(await this.territory.category(code))) throw open311Error(404, `Unknown service_code: ${code}.`);
    // No category asks for extra attributes: the description and the place say it all.
    return { service_code: code, attributes: [] };
  }

  async requests(query: Open311Query): Promise<Array<Record<string, unknown>>> {
    const { page, pageSize } = paging(query);
    const references = query.service_request_id
      ? query.service_request_id.split(',').map((id) => normalizeReference(id)).filter((id): id is string => id !== null)
      : null;
    const status = query.status?.trim().toLowerCase() || null;
    if (status && status !== 'open' && status !== 'closed') throw open311Error(400, 'status must be open or closed.');
    let start = parseOpen311Date('start_date', query.start_date);
    let end = parseOpen311Date('end_date', query.end_date);
    if (start && end && start > end) throw open311Error(400, 'start_date must come before end_date.');
    const updatedAfter = parseOpen311Date('updated_after', query.updated_after);
    // Without ids nor dates, the standard's default: the last 90 days.
    if (!references && !start && !end && !updatedAfter) start = new Date(Date.now() - DEFAULT_WINDOW_DAYS * 86_400_000);
    if (start && end && end.getTime() - start.getTime() > DEFAULT_WINDOW_DAYS * 86_400_000) throw open311Error(400, 'start_date and end_date must be at most 90 days apart.');
    if (query.service_code && !(await this.territory.category(query.service_code))) throw open311Error(404, `Unknown service_code: ${query.service_code}.`);
    const filter: Open311RequestFilter = {
      references: query.service_request_id ? references! : null,
      categoryKey: query.service_code || null,
      communeCodes: (await this.jurisdiction(query.jurisdiction_id))?.communeCodes ?? null,
      start,
      end,
      status: status as 'open' | 'closed' | null,
      updatedAfter,
    };
    if (filter.references && !filter.references.length) return [];
    const rows = await this.repository.requests(filter, pageSize, (page - 1) * pageSize);
    return rows.map(toRequest);
  }

  async request(id: string): Promise<Array<Record<string, unknown>>> {
    const reference = normalizeReference(id);
    const rows = reference ? await this.repository.requests({ references: [reference], categoryKey: null, communeCodes: null, start: null, end: null, status: null, updatedAfter: null }, 1, 0) : [];
    if (!rows.length) throw open311Error(404, `Unknown service_request_id: ${id}.`);
    return rows.map(toRequest);
  }

  async token(token: string): Promise<Array<Record<string, unknown>>> {
    const found = /^[A-Za-z0-9_-]{16,64}$/.test(token) ? await this.repository.referenceByToken(token) : undefined;
    if (!found) throw open311Error(404, `Unknown token: ${token}.`);
    return [{ token, service_request_id: found.reference ?? '' }];
  }

  async updates(query: Open311Query): Promise<Array<Record<string, unknown>>> {
    const { page, pageSize } = paging(query);
    const start = parseOpen311Date('start_date', query.start_date) ?? parseOpen311Date('updated_after', query.updated_after);
    const end = parseOpen311Date('end_date', query.end_date);
    const references = query.service_request_id
      ? query.service_request_id.split(',').map((id) => normalizeReference(id)).filter((id): id is string => id !== null)
      : null;
    if (!start && !references) throw open311Error(400, 'start_date is required (ISO 8601), or service_request_id.');
    const rows = await this.repository.updates({ start, end, references }, pageSize, (page - 1) * pageSize);
    return rows.map(toUpdate);
  }

  // ---- POST requests ------------------------------------------------------------------------------

  /**
   * Submits a need for a partner holding an API key. Side effects (one transaction, NeedsService.submit):
   * the need, its status row, the route-need job, the open311_request row (key, token), the key's
   * last_used_at and one throttle row for the per-key rate limit.
   */
  async submit(body: Record<string, unknown>, clientIp: string | null): Promise<Array<Record<string, unknown>>> {
    const input: Open311PostInput = Object.fromEntries(Object.entries(body ?? {}).map(([key, value]) => [key, one(value)]));
    const apiKey = input.api_key?.trim();
    const key = apiKey ? await this.repository.activeKeyByHash(keyHash(apiKey)) : null;
    if (!key) throw open311Error(403, apiKey ? 'Invalid api_key.' : 'api_key is required.');
    const throttleKey = `open311:key:${key.id}`;
    const state = await this.throttle.state(throttleKey, this.postsPerHour, 3600);
    if (state.blocked) throw open311Error(429, `Too many requests for this api_key: at most ${this.postsPerHour} per hour.`, state.retryAfterSeconds);

    // Text with control characters or bytes that were not UTF-8 is refused, each field named.
    const malformed = Object.entries(input).filter(([, value]) => typeof value === 'string' && isMalformedText(value));
    if (malformed.length) {
      throw new Open311Error(
        400,
        malformed.map(([field]) => ({ code: 400, description: `${field.slice(0, 40)}: contains control characters or bytes that are not UTF-8 text.` })),
      );
    }
    const serviceCode = input.service_code?.trim();
    if (!serviceCode) throw open311Error(400, 'service_code is required.');
    if (!(await this.territory.category(serviceCode))) throw open311Error(404, `Unknown service_code: ${serviceCode}.`);
    const description = input.description?.trim() ?? '';
    if (!description) throw open311Error(400, 'description is required.');
    const jurisdiction = await this.jurisdiction(input.jurisdiction_id);
    const place = await this.locate(input, jurisdiction);

    const token = randomToken().slice(0, 32);
    // The key stands in for an account: the need has no author, no email to confirm, and is public at once.
    const partner: Actor = { personId: key.createdBy ?? NO_ID, sessionId: NO_ID, pseudonym: key.partnerName, roles: [] };
    let need;
    try {
      need = await this.needs.submit(
        {
          title: titleFromDescription(description),
          description: place.note ? `${description}\n\n${place.note}` : description,
          categoryKey: serviceCode,
          communeCode: place.commune.code,
          address: place.address,
        },
        partner,
        { clientIp, userAgent: null },
        {
          channel: 'web',
          errors: [],
          record: async (manager, needId) => {
            await this.repository.insertRequest(manager, needId, key.id, token);
            await this.repository.touchKey(manager, key.id);
            await this.throttle.record([throttleKey], manager);
          },
        },
      );
    } catch (error) {
      const extensions = (error as { extensions?: { code?: string; fields?: Array<{ field: string; message: string }> } }).extensions;
      if (extensions?.code === 'BAD_USER_INPUT') {
        throw new Open311Error(
          400,
          (extensions.fields ?? []).map((field) => ({ code: 400, description: `${OPEN311_FIELD[field.field] ?? field.field}: ${field.message}` })),
        );
      }
      throw error;
    }
    return [{ service_request_id: need.reference, token, service_notice: '', account_id: '' }];
  }

  /** The commune (INSEE) or EPCI (SIREN) a jurisdiction_id names; null when absent; 404 when unknown. */
  private async jurisdiction(value: string | undefined): Promise<{ commune: Commune | null; communeCodes: string[] } | null> {
    const id = value?.trim();
    if (!id) return null;
    if (/^\d[\dAB]\d{3}$/.test(id)) {
      const commune = await this.territory.commune(id);
      if (commune) return { commune, communeCodes: [commune.code] };
    } else if (/^\d{9}$/.test(id)) {
      const communes = (await this.territory.searchCommunes('', 1000)).filter((commune) => commune.epci.code === id);
      if (communes.length) return { commune: null, communeCodes: communes.map((commune) => commune.code) };
    }
    throw open311Error(404, `Unknown jurisdiction_id: ${id} (a commune's INSEE code or an intercommunality's SIREN of the Pôle métropolitain Loire Angers).`);
  }

  /** Where the need is: lat/long (its commune from jurisdiction_id or reverse geocoding) or address_string (BAN). */
  private async locate(
    input: Open311PostInput,
    jurisdiction: { commune: Commune | null; communeCodes: string[] } | null,
  ): Promise<{ commune: Commune; address: { label: string; citycode: string; lat: number; lon: number } | null; note: string | null }> {
    const addressString = input.address_string?.trim().slice(0, 300) || null;
    const hasPoint = Boolean(input.lat?.trim() || input.long?.trim());
    if (!hasPoint && !addressString) throw open311Error(400, 'A location is required: lat and long, or address_string.');
    const inJurisdiction = (code: string) => !jurisdiction || jurisdiction.communeCodes.includes(code);
    if (hasPoint) {
      const lat = Number(input.lat);
      const lon = Number(input.long);
      if (!input.lat?.trim() || !input.long?.trim() || !Number.isFinite(lat) || !Number.isFinite(lon) || Math.abs(lat) > 90 || Math.abs(lon) > 180) {
        throw open311Error(400, 'lat and long must both be decimal degrees (WGS84).');
      }
      let commune = jurisdiction?.commune ?? null;
      let label = addressString;
      if (!commune) {
        const found = await this.reverse(lat, lon);
        commune = found ? await this.territory.commune(found.citycode) : null;
        if (found && !commune) throw open311Error(400, 'This point is outside the 65 communes of the Pôle métropolitain Loire Angers.');
        if (!commune) throw open311Error(400, 'The commune of this point could not be found: send jurisdiction_id (the commune’s INSEE code).');
        label ??= found!.label;
      }
      if (!inJurisdiction(commune.code)) throw open311Error(400, 'This point is outside the given jurisdiction_id.');
      return { commune, address: { label: label ?? `Point signalé (${lat.toFixed(5)}, ${lon.toFixed(5)}), ${commune.name}`, citycode: commune.code, lat, lon }, note: null };
    }
    let found: GeocodedAddress[] = [];
    try {
      found = await this.geocoder.search(addressString!, { limit: 5 });
    } catch (error) {
      if (!(error instanceof GeocoderUnavailableError)) throw error;
      // The BAN is down: a commune given as jurisdiction is enough; the address goes into the text.
      if (jurisdiction?.commune) return { commune: jurisdiction.commune, address: null, note: `Adresse indiquée : ${addressString}` };
      throw open311Error(400, 'address_string could not be located right now: send lat and long, or jurisdiction_id (the commune’s INSEE code).');
    }
    for (const address of found) {
      const commune = await this.territory.commune(address.citycode);
      if (commune && inJurisdiction(commune.code)) return { commune, address: { label: address.label, citycode: commune.code, lat: address.lat, lon: address.lon }, note: null };
    }
    throw open311Error(400, 'address_string was not found in the communes of the Pôle métropolitain Loire Angers.');
  }

  /** BAN reverse geocoding (GEOCODER_URL/reverse): the address nearest the point, or null. */
  private async reverse(lat: number, lon: number): Promise<GeocodedAddress | null> {
    const url = new URL(`${this.geocoderBaseUrl}/reverse`);
    url.searchParams.set('lat', String(lat));
    url.searchParams.set('lon', String(lon));
    url.searchParams.set('limit', '1');
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(4000), headers: { accept: 'application/json' } });
      if (!response.ok) return null;
      const body = (await response.json()) as { features?: unknown[] };
      return Array.isArray(body.features) && body.features.length ? parseFeature(body.features[0]) : null;
    } catch {
      return null;
    }
  }

  // ---- Admin: API keys ----------------------------------------------------------------------------

  async keys(actor: Actor | null): Promise<Open311KeyRow[]> {
    await this.access.require(actor, 'open311.manage');
    return this.repository.keys();
  }

  /** Issues a key; the clear key is returned once and never stored. Side effects: the key row, an audit entry. */
  async issueKey(actor: Actor | null, partnerName: string): Promise<{ key: Open311KeyRow; secret: string }> {
    const me = await this.access.require(actor, 'open311.manage');
    const name = partnerName.normalize('NFC').replace(/\s+/g, ' ').trim();
    if (name.length < 2 || name.length > 120) throw badUserInput([{ field: 'partnerName', message: 'Indiquez le nom du partenaire (2 à 120 caractères).' }]);
    const secret = `${KEY_PREFIX}${randomBytes(24).toString('base64url')}`;
    const keyPrefix = secret.slice(0, KEY_PREFIX.length + 6);
    const id = await this.dataSource.transaction(async (manager) => {
      const keyId = await this.repository.insertKey(manager, { partnerName: name, keyHash: keyHash(secret), keyPrefix, createdBy: me.personId });
      await this.audit.record(manager, { actorId: me.personId, action: 'open311.key_issue', subjectType: 'open311_key', subjectId: keyId, before: null, after: { partnerName: name, keyPrefix } });
      return keyId;
    });
    return { key: (await this.repository.key(id))!, secret };
  }

  /** Revokes a key: its partner's next POST gets 403. Side effects: revoked_at, an audit entry. */
  async revokeKey(actor: Actor | null, id: string): Promise<Open311KeyRow> {
    const me = await this.access.require(actor, 'open311.manage');
    if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id)) throw badUserInput([{ field: 'id', message: 'Cette clé n’existe pas.' }]);
    await this.dataSource.transaction(async (manager) => {
      const before = await this.repository.key(id, manager);
      if (!before) throw badUserInput([{ field: 'id', message: 'Cette clé n’existe pas.' }]);
      if (!(await this.repository.revokeKey(manager, id))) throw badUserInput([{ field: 'id', message: 'Cette clé est déjà révoquée.' }]);
      await this.audit.record(manager, {
        actorId: me.personId,
        action: 'open311.key_revoke',
        subjectType: 'open311_key',
        subjectId: id,
        before: { partnerName: before.partnerName, keyPrefix: before.keyPrefix, revokedAt: null },
        after: { revoked: true },
      });
    });
    return (await this.repository.key(id))!;
  }
}

/** Our submission's field names in Open311 words, for 400 messages. */
const OPEN311_FIELD: Record<string, string> = {
  title: 'description',
  description: 'description',
  categoryKey: 'service_code',
  communeCode: 'jurisdiction_id',
  address: 'address_string',
};

function paging(query: Open311Query): { page: number; pageSize: number } {
  const page = query.page === undefined ? 1 : Number(query.page);
  const pageSize = query.page_size === undefined ? OPEN311_PAGE_SIZE.default : Number(query.page_size);
  if (!Number.isInteger(page) || page < 1 || page > 10_000) throw open311Error(400, 'page must be a positive integer.');
  if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > OPEN311_PAGE_SIZE.max) throw open311Error(400, `page_size must be between 1 and ${OPEN311_PAGE_SIZE.max}.`);
  return { page, pageSize };
}

function toRequest(row: Open311RequestRow): Record<string, unknown> {
  return {
    service_request_id: row.reference,
    status: open311Status(row.status),
    status_notes: row.statusNote ?? NEED_STATUS_LABELS[row.status].fr,
    service_name: row.categoryLabel,
    service_code: row.categoryKey,
    description: `${row.title}\n\n${row.description}`.slice(0, NEED_LIMITS.title.max + NEED_LIMITS.description.max + 2),
    agency_responsible: row.agency ?? '',
    service_notice: row.routingReason ?? '',
    requested_datetime: open311Date(row.createdAt),
    updated_datetime: open311Date(row.updatedAt),
    expected_datetime: '',
    address: row.addressLabel ?? row.communeName,
    address_id: '',
    zipcode: row.postcode ?? '',
    lat: row.lat,
    long: row.lon,
    media_url: '',
    // Extensions: the commune (jurisdiction) and our own status key.
    jurisdiction_id: row.communeCode,
    external_status_code: row.status,
  };
}

function toUpdate(row: Open311UpdateRow): Record<string, unknown> {
  return {
    update_id: row.id,
    service_request_id: row.reference,
    status: open311ExtendedStatus(row.status),
    external_status_code: row.status,
    updated_datetime: open311Date(row.at),
    description: row.note ?? NEED_STATUS_LABELS[row.status].fr,
    media_url: '',
  };
}

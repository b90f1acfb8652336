// BAN geocoder on the IGN Géoplateforme (DOMAIN.md §3): address search, the commune fixed by citycode.
import { Injectable } from '@nestjs/common';

export const DEFAULT_GEOCODER_URL = 'https://data.geopf.fr/geocodage';

export interface GeocodedAddress {
  label: string;
  /** INSEE code of the commune: routing starts from it. */
  citycode: string;
  postcode: string | null;
  city: string | null;
  type: string | null;
  score: number | null;
  lat: number;
  lon: number;
}

/** The geocoder could not answer (network, rate limit, 5xx, malformed answer): the message is for residents. */
export class GeocoderUnavailableError extends Error {
  override name = 'GeocoderUnavailableError';
  constructor(
    readonly reason: 'unreachable' | 'rate_limited' | 'server_error' | 'malformed',
    options?: { cause?: unknown },
  ) {
    super(
      reason === 'rate_limited'
        ? "La recherche d'adresse est très demandée en ce moment : réessayez dans quelques secondes, ou choisissez la commune dans la liste."
        : "La recherche d'adresse ne répond pas pour le moment : choisissez la commune dans la liste (l'adresse est facultative).",
      options,
    );
  }
}

export interface GeocoderOptions {
  baseUrl: string;
  timeoutMs: number;
}

export function geocoderOptionsFromEnv(env: NodeJS.ProcessEnv = process.env): GeocoderOptions {
  const baseUrl = (env.GEOCODER_URL?.trim() || DEFAULT_GEOCODER_URL).replace(/\/+$/, '');
  if (!/^https?:\/\//.test(baseUrl)) throw new Error('GEOCODER_URL must be an http(s) URL such as https://data.geopf.fr/geocodage');
  return { baseUrl, timeoutMs: 4000 };
}

/** Reads one GeoJSON feature of /search; null when it lacks what we need (a label, a citycode, a point). */
export function parseFeature(feature: unknown): GeocodedAddress | null {
  if (!feature || typeof feature !== 'object') return null;
  const { properties, geometry } = feature as { properties?: Record<string, unknown> | null; geometry?: { coordinates?: unknown } | null };
  if (!properties) return null;
  const text = (value: unknown) => (typeof value === 'string' && value.trim() ? value.trim() : null);
  const label = text(properties.label);
  const citycode = text(properties.citycode);
  const coordinates = Array.isArray(geometry?.coordinates) ? geometry!.coordinates : null;
  const [lon, lat] = coordinates ?? [];
  if (!label || !citycode || !/^\d[\dAB]\d{3}$/.test(citycode) || typeof lon !== 'number' || typeof lat !== 'number') return null;
  return {
    label,
    citycode,
    postcode: text(properties.postcode),
    city: text(properties.city),
    type: text(properties.type),
    score: typeof properties.score === 'number' ? properties.score : null,
    lat,
    lon,
  };
}

@Injectable()
export class GeocoderService {
  constructor(private readonly options: GeocoderOptions = geocoderOptionsFromEnv()) {}

  /** Addresses matching `query` (at most `limit`), in the geocoder's order. */
  async search(query: string, { limit = 5, autocomplete = false }: { limit?: number; autocomplete?: boolean } = {}): Promise<GeocodedAddress[]> {
    const q = query.trim().slice(0, 200);
    // The BAN refuses queries under 3 characters.
    if (q.length < 3) return [];
    const url = new URL(`${this.options.baseUrl}/search`);
    url.searchParams.set('q', q);
    url.searchParams.set('limit', String(Math.min(Math.max(limit, 1), 20)));
    url.searchParams.set('autocomplete', autocomplete ? '1' : '0');
    let response: Response;
    try {
      response = await fetch(url, { headers: { accept: 'application/json' }, signal: AbortSignal.timeout(this.options.timeoutMs) });
    } catch (cause) {
      throw new GeocoderUnavailableError('unreachable', { cause });
    }
    if (response.status === 429) throw new GeocoderUnavailableError('rate_limited');
    if (!response.ok) throw new GeocoderUnavailableError('server_error', { cause: new Error(`geocoder answered ${response.status}`) });
    let body: unknown;
    try {
      body = await response.json();
    } catch (cause) {
      throw new GeocoderUnavailableError('malformed', { cause });
    }
    const features = (body as { features?: unknown })?.features;
    if (!Array.isArray(features)) throw new GeocoderUnavailableError('malformed');
    return features.map(parseFeature).filter((address): address is GeocodedAddress => address !== null);
  }
}

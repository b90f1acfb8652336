import { describe, expect, it } from 'vitest';
import { geocoderOptionsFromEnv, parseFeature } from './geocoder.service.js';

describe('BAN geocoder answers', () => {
  it('reads a feature of the documented format ([lon, lat], citycode)', () => {
    expect(
      parseFeature({
        type: 'Feature',
        geometry: { type: 'Point', coordinates: [-0.551, 47.468] },
        properties: { label: '12 Rue des Lices 49100 Angers', score: 0.93, postcode: '49100', citycode: '49007', city: 'Angers', type: 'housenumber' },
      }),
    ).toEqual({ label: '12 Rue des Lices 49100 Angers', citycode: '49007', postcode: '49100', city: 'Angers', type: 'housenumber', score: 0.93, lat: 47.468, lon: -0.551 });
  });

  it('skips features without a label, a valid citycode or a point; absent and null fields become null', () => {
    expect(parseFeature({ geometry: { coordinates: [0, 0] }, properties: { label: 'Sans commune' } })).toBeNull();
    expect(parseFeature({ geometry: { coordinates: [0, 0] }, properties: { label: 'X', citycode: '7510' } })).toBeNull();
    expect(parseFeature({ geometry: null, properties: { label: 'X', citycode: '49007' } })).toBeNull();
    expect(parseFeature(null)).toBeNull();
    expect(parseFeature({ geometry: { coordinates: [1, 2] }, properties: { label: 'Corse', citycode: '2A004', postcode: null } })).toEqual({
      label: 'Corse', citycode: '2A004', postcode: null, city: null, type: null, score: null, lat: 2, lon: 1,
    });
  });

  it('takes its base URL from GEOCODER_URL, the Géoplateforme by default', () => {
    expect(geocoderOptionsFromEnv({})).toEqual({ baseUrl: 'https://data.geopf.fr/geocodage', timeoutMs: 4000 });
    expect(geocoderOptionsFromEnv({ GEOCODER_URL: 'http://127.0.0.1:9000/geocodage/' }).baseUrl).toBe('http://127.0.0.1:9000/geocodage');
    expect(() => geocoderOptionsFromEnv({ GEOCODER_URL: 'data.geopf.fr' })).toThrow(/GEOCODER_URL/);
  });
});

import { describe, expect, it } from 'vitest';
import { coarsen, openDataTableSchema, renderOpenData, toOpenDataRow, type OpenDataSourceRow } from './open-data-format.js';

const SOURCE: OpenDataSourceRow = {
  reference: 'B-7K3M9Q',
  createdAt: new Date('2026-11-20T08:15:00Z'),
  updatedAt: new Date('2026-11-21T09:00:00Z'),
  firstAnswerAt: null,
  status: 'transmitted',
  themeKey: 'waste',
  themeLabel: 'Déchets',
  categoryKey: 'waste_collection',
  categoryLabel: 'collecte, tri, déchèteries',
  m57Code: '90-72',
  communeCode: '49007',
  communeName: 'Angers',
  epciSiren: '244900015',
  epciName: 'Angers Loire Métropole',
  authorityName: 'Angers Loire Métropole',
  authorityKind: 'epci',
  authorityCode: '244900015',
  kind: 'need',
  channel: 'web',
  supports: 3,
  backings: 1,
  title: 'Bac cassé, appelez le 06 12 34 56 78',
  description: 'Écrivez-moi : jeanne.martin@exemple.fr, merci.',
  lat: 47.478912,
  lon: -0.563451,
};

describe('open data of needs', () => {
  it('snaps a place to the centre of its cell of 0.001° of latitude by 0.0015° of longitude', () => {
    expect(coarsen(47.478912, -0.563451)).toEqual({ lat: 47.4785, lon: -0.56325 });
    // Two homes of the same cell give the same point.
    expect(coarsen(47.4781, -0.5639)).toEqual({ lat: 47.4785, lon: -0.56325 });
    expect(coarsen(47.47899, -0.56251)).toEqual({ lat: 47.4785, lon: -0.56325 });
    // The next cell north.
    expect(coarsen(47.4790, -0.5630)).toEqual({ lat: 47.4795, lon: -0.56325 });
  });

  it('masks phone numbers and email addresses in the title and description once more', () => {
    const row = toOpenDataRow(SOURCE);
    expect(row.titre).toBe('Bac cassé, appelez le [numéro masqué]');
    expect(row.description).toBe('Écrivez-moi : [adresse e-mail masquée], merci.');
    expect(row).toMatchObject({ latitude: 47.4785, longitude: -0.56325, statut_libelle: 'transmis', commune_insee: '49007', epci_siren: '244900015' });
  });

  it('writes CSV with the schema fields as header, and GeoJSON only for needs with a place', () => {
    const rows = [toOpenDataRow(SOURCE), toOpenDataRow({ ...SOURCE, reference: 'B-22222A', lat: null, lon: null })];
    const csv = renderOpenData('csv', rows);
    const header = csv.body.toString('utf8').split('\r\n')[0];
    expect(header).toBe((openDataTableSchema('csv').fields as { name: string }[]).map((field) => field.name).join(','));
    expect(csv.rowCount).toBe(2);
    const geojson = renderOpenData('geojson', rows);
    expect(geojson.rowCount).toBe(1);
    const collection = JSON.parse(geojson.body.toString('utf8'));
    expect(collection.features[0].geometry).toEqual({ type: 'Point', coordinates: [-0.56325, 47.4785] });
    expect(collection.features[0].properties.latitude).toBeUndefined();
  });

  it('defuses CSV cells a spreadsheet would run as formulas, and leaves JSON as it was', () => {
    const row = toOpenDataRow({ ...SOURCE, title: '=HYPERLINK("http://evil.example","clic")', description: '@SUM(1+9)*cmd|\' /C calc\'!A0 et la suite du texte' });
    const csv = renderOpenData('csv', [row]).body.toString('utf8');
    expect(csv).toContain(`"'=HYPERLINK(""http://evil.example"",""clic"")"`);
    expect(csv).toContain(`'@SUM(1+9)`);
    expect(JSON.parse(renderOpenData('json', [row]).body.toString('utf8'))[0].titre).toBe('=HYPERLINK("http://evil.example","clic")');
  });
});

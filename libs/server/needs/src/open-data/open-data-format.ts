// The open data of needs (issue 7 item 2): one anonymised row per public need, written as CSV, JSON and
// GeoJSON, each described by a Table Schema (frictionless). Pure functions: the service feeds them rows.
// No personal data ever: no author, contact, pseudonym, organisation, mediator, address, internal note or
// comment; the title and description go through the personal-data detection once more.
import { stringify } from 'csv-stringify/sync';
import {
  AUTHORITY_KIND_LABELS,
  NEED_CHANNELS,
  NEED_KINDS,
  NEED_STATUS_LABELS,
  REFERENCE_PATTERN,
  redactPersonalData,
  type NeedStatus,
} from '@pit/domain';

export const OPEN_DATA_FORMATS = ['csv', 'json', 'geojson'] as const;
export type OpenDataFormat = (typeof OPEN_DATA_FORMATS)[number];

export function isOpenDataFormat(value: string): value is OpenDataFormat {
  return (OPEN_DATA_FORMATS as readonly string[]).includes(value);
}

/** The published file name of each format (the same every day; the day is in the path). */
export const OPEN_DATA_FILE_NAMES: Readonly<Record<OpenDataFormat, string>> = {
  csv: 'besoins.csv',
  json: 'besoins.json',
  geojson: 'besoins.geojson',
};

export const OPEN_DATA_CONTENT_TYPES: Readonly<Record<OpenDataFormat, string>> = {
  csv: 'text/csv; charset=utf-8',
  json: 'application/json; charset=utf-8',
  geojson: 'application/geo+json; charset=utf-8',
};

/** The Table Schema of each format, published beside the files. */
export const OPEN_DATA_SCHEMA_NAMES: Readonly<Record<OpenDataFormat, string>> = {
  csv: 'besoins-csv.schema.json',
  json: 'besoins-json.schema.json',
  geojson: 'besoins-geojson.schema.json',
};

export function openDataStorageKey(day: string, format: OpenDataFormat): string {
  return `open-data/${day}/${OPEN_DATA_FILE_NAMES[format]}`;
}

/** Statuses never published: unconfirmed, hidden by moderation, withdrawn by their author. */
export const UNPUBLISHED_STATUSES: readonly NeedStatus[] = ['pending_confirmation', 'hidden', 'withdrawn'];

// About 100 m: 0.001° of latitude is 111 m; 0.0015° of longitude is 113 m at 47.5° N (Angers).
export const LAT_STEP = 0.001;
export const LON_STEP = 0.0015;

/**
 * A place snapped to the centre of its cell of a grid of LAT_STEP × LON_STEP degrees: every point of
 * the cell gives the same published point, so no home can be pinpointed.
 */
export function coarsen(lat: number, lon: number): { lat: number; lon: number } {
  const snap = (value: number, step: number) => Number(((Math.floor(value / step) + 0.5) * step).toFixed(6));
  return { lat: snap(lat, LAT_STEP), lon: snap(lon, LON_STEP) };
}

/** What the repository reads for one need (only public facts; never a person). */
export interface OpenDataSourceRow {
  reference: string;
  createdAt: Date;
  updatedAt: Date;
  firstAnswerAt: Date | null;
  status: NeedStatus;
  themeKey: string;
  themeLabel: string;
  categoryKey: string;
  categoryLabel: string;
  m57Code: string | null;
  communeCode: string;
  communeName: string;
  epciSiren: string;
  epciName: string;
  authorityName: string | null;
  authorityKind: string | null;
  authorityCode: string | null;
  kind: string;
  channel: string;
  supports: number;
  backings: number;
  title: string;
  description: string;
  lat: number | null;
  lon: number | null;
}

/** One published row, in the field order of the schema. */
export interface OpenDataRow {
  reference: string;
  date_depot: string;
  date_mise_a_jour: string;
  date_premiere_reponse: string | null;
  statut: string;
  statut_libelle: string;
  theme_code: string;
  theme_libelle: string;
  categorie_code: string;
  categorie_libelle: string;
  code_fonctionnel_m57: string | null;
  commune_insee: string;
  commune_nom: string;
  epci_siren: string;
  epci_nom: string;
  autorite_nom: string | null;
  autorite_type: string | null;
  autorite_code: string | null;
  nature: string;
  canal: string;
  nombre_soutiens: number;
  nombre_appuis: number;
  titre: string;
  description: string;
  latitude: number | null;
  longitude: number | null;
}

export function toOpenDataRow(source: OpenDataSourceRow): OpenDataRow {
  const place = source.lat !== null && source.lon !== null ? coarsen(source.lat, source.lon) : null;
  return {
    reference: source.reference,
    date_depot: source.createdAt.toISOString(),
    date_mise_a_jour: source.updatedAt.toISOString(),
    date_premiere_reponse: source.firstAnswerAt ? source.firstAnswerAt.toISOString() : null,
    statut: source.status,
    statut_libelle: NEED_STATUS_LABELS[source.status]?.fr ?? source.status,
    theme_code: source.themeKey,
    theme_libelle: source.themeLabel,
    categorie_code: source.categoryKey,
    categorie_libelle: source.categoryLabel,
    code_fonctionnel_m57: source.m57Code,
    commune_insee: source.communeCode.trim(),
    commune_nom: source.communeName,
    epci_siren: source.epciSiren,
    epci_nom: source.epciName,
    autorite_nom: source.authorityName,
    autorite_type: source.authorityKind,
    autorite_code: source.authorityCode,
    nature: source.kind,
    canal: source.channel,
    nombre_soutiens: Number(source.supports),
    nombre_appuis: Number(source.backings),
    // Masked at write time already; checked again: a rule change or an old row must not leak.
    titre: redactPersonalData(source.title).text,
    description: redactPersonalData(source.description).text,
    latitude: place?.lat ?? null,
    longitude: place?.lon ?? null,
  };
}

interface SchemaField {
  name: keyof OpenDataRow;
  type: 'string' | 'datetime' | 'integer' | 'number';
  title: string;
  description: string;
  example?: string;
  constraints?: { required?: boolean; pattern?: string; enum?: readonly string[]; minimum?: number; maximum?: number };
}

const STATUSES = Object.keys(NEED_STATUS_LABELS).filter((status) => !UNPUBLISHED_STATUSES.includes(status as NeedStatus));

export const OPEN_DATA_FIELDS: readonly SchemaField[] = [
  { name: 'reference', type: 'string', title: 'Référence', description: 'Référence publique du besoin, sa page est /besoins/<référence>.', example: 'B-7K3M9Q', constraints: { required: true, pattern: REFERENCE_PATTERN.source } },
  { name: 'date_depot', type: 'datetime', title: 'Date de dépôt', description: 'Date et heure du dépôt (ISO 8601, UTC).', example: '2026-11-20T08:15:00.000Z', constraints: { required: true } },
  { name: 'date_mise_a_jour', type: 'datetime', title: 'Date de mise à jour', description: 'Dernière modification du besoin (ISO 8601, UTC).', constraints: { required: true } },
  { name: 'date_premiere_reponse', type: 'datetime', title: 'Date de première réponse', description: 'Premier changement de statut par la collectivité. Vide sans réponse.' },
  { name: 'statut', type: 'string', title: 'Statut', description: 'Code du statut.', example: 'transmitted', constraints: { required: true, enum: STATUSES } },
  { name: 'statut_libelle', type: 'string', title: 'Libellé du statut', description: 'Le statut en français.', example: 'transmis', constraints: { required: true } },
  { name: 'theme_code', type: 'string', title: 'Code du thème', description: 'Thème du besoin (clé stable).', example: 'waste', constraints: { required: true } },
  { name: 'theme_libelle', type: 'string', title: 'Thème', description: 'Libellé du thème.', example: 'Déchets', constraints: { required: true } },
  { name: 'categorie_code', type: 'string', title: 'Code de la catégorie', description: 'Catégorie du besoin (clé stable).', example: 'waste_collection', constraints: { required: true } },
  { name: 'categorie_libelle', type: 'string', title: 'Catégorie', description: 'Libellé de la catégorie.', constraints: { required: true } },
  { name: 'code_fonctionnel_m57', type: 'string', title: 'Fonction M57', description: 'Code fonctionnel de la nomenclature comptable M57 de la catégorie. Vide si aucun.', example: '90-72', constraints: { pattern: '^[0-9]{2}(-[0-9]+)?$' } },
  { name: 'commune_insee', type: 'string', title: 'Code INSEE de la commune', description: 'Code officiel géographique (INSEE) de la commune concernée.', example: '49007', constraints: { required: true, pattern: '^[0-9][0-9AB][0-9]{3}$' } },
  { name: 'commune_nom', type: 'string', title: 'Commune', description: 'Nom de la commune.', example: 'Angers', constraints: { required: true } },
  { name: 'epci_siren', type: 'string', title: 'SIREN de l’EPCI', description: 'Numéro SIREN de l’intercommunalité de la commune.', example: '244900015', constraints: { required: true, pattern: '^[0-9]{9}$' } },
  { name: 'epci_nom', type: 'string', title: 'Intercommunalité', description: 'Nom de l’intercommunalité.', constraints: { required: true } },
  { name: 'autorite_nom', type: 'string', title: 'Autorité compétente', description: 'Collectivité ou organisme à qui le besoin est transmis. Vide avant l’orientation.' },
  { name: 'autorite_type', type: 'string', title: 'Type d’autorité', description: `Type de l’autorité : ${Object.entries(AUTHORITY_KIND_LABELS).map(([key, label]) => `${key} (${label.fr})`).join(', ')}.`, constraints: { enum: Object.keys(AUTHORITY_KIND_LABELS) } },
  { name: 'autorite_code', type: 'string', title: 'Code de l’autorité', description: 'SIREN pour une intercommunalité, code INSEE pour une commune, code interne sinon.', example: '244900015' },
  { name: 'nature', type: 'string', title: 'Nature', description: 'need : un besoin ; idea : une idée.', constraints: { required: true, enum: NEED_KINDS } },
  { name: 'canal', type: 'string', title: 'Canal de dépôt', description: 'web, ou le canal de l’accompagnement (guichet, France services, téléphone, courrier, e-mail).', constraints: { required: true, enum: NEED_CHANNELS } },
  { name: 'nombre_soutiens', type: 'integer', title: 'Soutiens', description: 'Nombre d’habitants qui soutiennent le besoin (en ligne et sur papier).', constraints: { required: true, minimum: 0 } },
  { name: 'nombre_appuis', type: 'integer', title: 'Appuis', description: 'Nombre d’organisations qui appuient le besoin.', constraints: { required: true, minimum: 0 } },
  { name: 'titre', type: 'string', title: 'Titre', description: 'Titre public. Numéros de téléphone et adresses e-mail masqués.', constraints: { required: true } },
  { name: 'description', type: 'string', title: 'Description', description: 'Description publique. Numéros de téléphone et adresses e-mail masqués.', constraints: { required: true } },
  { name: 'latitude', type: 'number', title: 'Latitude approchée', description: 'Centre d’une maille d’environ 100 m (0,001° de latitude, WGS 84). Vide sans lieu.', constraints: { minimum: -90, maximum: 90 } },
  { name: 'longitude', type: 'number', title: 'Longitude approchée', description: 'Centre d’une maille d’environ 100 m (0,0015° de longitude, WGS 84). Vide sans lieu.', constraints: { minimum: -180, maximum: 180 } },
];

const FIELD_NAMES = OPEN_DATA_FIELDS.map((field) => field.name);
const PROPERTY_NAMES: readonly (keyof OpenDataRow)[] = FIELD_NAMES.filter((name) => name !== 'latitude' && name !== 'longitude');

/** The Table Schema (frictionless) of a format's rows; GeoJSON: its features' properties. */
export function openDataTableSchema(format: OpenDataFormat): Record<string, unknown> {
  const fields = format === 'geojson' ? OPEN_DATA_FIELDS.filter((field) => PROPERTY_NAMES.includes(field.name)) : OPEN_DATA_FIELDS;
  const description: Record<OpenDataFormat, string> = {
    csv: 'Un besoin public par ligne. Séparateur virgule, encodage UTF-8, première ligne : noms des champs.',
    json: 'Un tableau JSON d’objets, un par besoin public, avec ces champs (null si vide).',
    geojson: 'Une FeatureCollection GeoJSON des besoins publics qui ont un lieu. Le point est le centre d’une maille d’environ 100 m. Les propriétés de chaque Feature sont ces champs.',
  };
  return {
    $schema: 'https://specs.frictionlessdata.io/schemas/table-schema.json',
    name: `besoins-${format}`,
    title: 'Besoins des habitants du territoire Loire Angers',
    description: `${description[format]} Aucune donnée personnelle : ni auteur, ni contact, ni pseudonyme, ni note interne, ni commentaire. Les besoins en attente de confirmation, retenus ou masqués par la modération, ou retirés, sont exclus.`,
    licenses: [{ name: 'etalab-2.0', title: 'Licence Ouverte / Open Licence version 2.0', path: 'https://www.etalab.gouv.fr/licence-ouverte-open-licence/' }],
    fields: fields.map(({ name, type, title, description: text, example, constraints }) => ({
      name,
      type,
      ...(type === 'datetime' ? { format: 'default' } : {}),
      title,
      description: text,
      ...(example ? { example } : {}),
      ...(constraints ? { constraints } : {}),
    })),
    primaryKey: 'reference',
    missingValues: [''],
  };
}

/**
 * A text cell a spreadsheet would run as a formula (=, +, -, @, tab or carriage return first) gets a
 * leading apostrophe (CSV injection; as the exports' safeCell). Numbers stay numbers.
 */
export function spreadsheetSafe<T>(value: T): T | string {
  return typeof value === 'string' && /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

/** A format's file content. */
export function renderOpenData(format: OpenDataFormat, rows: readonly OpenDataRow[]): { body: Buffer; rowCount: number } {
  if (format === 'csv') {
    const records = rows.map((row) => FIELD_NAMES.map((name) => spreadsheetSafe(row[name] ?? '')));
    return { body: Buffer.from(stringify(records, { header: true, columns: FIELD_NAMES as string[], record_delimiter: 'windows' }), 'utf8'), rowCount: rows.length };
  }
  if (format === 'json') return { body: Buffer.from(`${JSON.stringify(rows, null, 1)}\n`, 'utf8'), rowCount: rows.length };
  const placed = rows.filter((row) => row.latitude !== null && row.longitude !== null);
  const collection = {
    type: 'FeatureCollection',
    features: placed.map((row) => ({
      type: 'Feature',
      id: row.reference,
      geometry: { type: 'Point', coordinates: [row.longitude, row.latitude] },
      properties: Object.fromEntries(PROPERTY_NAMES.map((name) => [name, row[name]])),
    })),
  };
  return { body: Buffer.from(`${JSON.stringify(collection)}\n`, 'utf8'), rowCount: placed.length };
}

import {
  Frais,
  ModaliteAcces,
  ModaliteAccompagnement,
  ModelError,
  PublicSpecifiquementAdresse,
  Service,
  Typologie,
  fromSchemaLieuDeMediationNumerique,
  fromSchemaLieuxDeMediationNumerique,
  isValidCourriel,
  isValidUrl,
  type SchemaLieuMediationNumerique,
} from '@gouvfr-anct/lieux-de-mediation-numerique';
import type { FieldError } from '@pit/core';
import { openingHoursError } from './opening-hours.js';

/**
 * A place that helps with digital procedures (lieu de médiation numérique), in the terms of the
 * La MedNum/ANCT open-data schema. Its checks are the schema library's own
 * (@gouvfr-anct/lieux-de-mediation-numerique: mandatory fields, postcode, phone, SIRET/RNA pivot,
 * typologies, services, coordinates, listed values), plus what the library lets through
 * (emails, websites) and the opening hours (OSM `opening_hours`).
 */
export interface HelpPlaceFields {
  name: string;
  /** SIRET (14 digits) or RNA (W + 9 digits); 14 zeros when unknown, as the schema allows. */
  pivot: string;
  street: string;
  addressComplement: string | null;
  postalCode: string;
  communeCode: string;
  communeName: string;
  latitude: number | null;
  longitude: number | null;
  typologies: string[];
  services: string[];
  phone: string | null;
  emails: string[];
  websites: string[];
  openingHours: string | null;
  summary: string | null;
  accessModes: string[];
  supportModes: string[];
  fees: string[];
  publics: string[];
  appointmentUrl: string | null;
}

/** The values the schema lists, for the admin form's choices. */
export const HELP_PLACE_VALUES = {
  services: Object.values(Service) as string[],
  typologies: Object.values(Typologie) as string[],
  accessModes: Object.values(ModaliteAcces) as string[],
  supportModes: Object.values(ModaliteAccompagnement) as string[],
  fees: Object.values(Frais) as string[],
  publics: Object.values(PublicSpecifiquementAdresse) as string[],
};

/** Library error keys (schema field names) → our input field names. */
const FIELD_OF_KEY: Record<string, keyof HelpPlaceFields> = {
  id: 'name',
  nom: 'name',
  pivot: 'pivot',
  siret: 'pivot',
  rna: 'pivot',
  voie: 'street',
  adresse: 'street',
  code_postal: 'postalCode',
  commune: 'communeCode',
  code_insee: 'communeCode',
  latitude: 'latitude',
  longitude: 'longitude',
  typologies: 'typologies',
  services: 'services',
  telephone: 'phone',
  courriels: 'emails',
  site_web: 'websites',
  modalites_acces: 'accessModes',
  modalites_accompagnement: 'supportModes',
  frais_a_charge: 'fees',
  publics_specifiquement_adresses: 'publics',
  url: 'appointmentUrl',
  prise_rdv: 'appointmentUrl',
};

const MESSAGES: Partial<Record<keyof HelpPlaceFields, string>> = {
  name: 'Donnez le nom du lieu.',
  pivot: 'Indiquez le SIRET (14 chiffres) ou le numéro RNA (W suivi de 9 chiffres) ; 14 zéros si vous ne le connaissez pas.',
  street: 'Indiquez le numéro et la voie.',
  postalCode: 'Le code postal compte 5 chiffres.',
  communeCode: 'Choisissez une commune du territoire.',
  latitude: 'La latitude doit être comprise entre -90 et 90.',
  longitude: 'La longitude doit être comprise entre -180 et 180.',
  typologies: 'Choisissez des typologies de la liste du schéma.',
  services: 'Choisissez au moins un service de la liste du schéma.',
  phone: 'Ce numéro de téléphone n’est pas valide (exemple : 02 41 00 00 00 ou +33241000000).',
  accessModes: 'Choisissez des modalités d’accès de la liste du schéma.',
  supportModes: 'Choisissez des modalités d’accompagnement de la liste du schéma.',
  fees: 'Choisissez des frais de la liste du schéma.',
  publics: 'Choisissez des publics de la liste du schéma.',
  appointmentUrl: 'Le lien de prise de rendez-vous doit être une adresse web complète (https://…).',
};

const LIMITS = { name: 200, street: 300, addressComplement: 300, summary: 1000, list: 20 } as const;

/** The place as one flat row of the La MedNum/ANCT schema (lists joined by `|`, as the CSV does). */
export function toSchemaRow(id: string, fields: HelpPlaceFields, updatedAt: Date, source?: string): SchemaLieuMediationNumerique {
  const list = (values: string[]) => (values.length ? values.join('|') : undefined);
  const row: SchemaLieuMediationNumerique = {
    id,
    nom: fields.name,
    pivot: fields.pivot,
    adresse: fields.street,
    code_postal: fields.postalCode,
    commune: fields.communeName,
    code_insee: fields.communeCode,
    date_maj: updatedAt.toISOString().slice(0, 10),
  };
  const optional: Partial<SchemaLieuMediationNumerique> = {
    complement_adresse: fields.addressComplement ?? undefined,
    latitude: fields.latitude ?? undefined,
    longitude: fields.longitude ?? undefined,
    typologie: list(fields.typologies),
    services: list(fields.services),
    telephone: fields.phone ?? undefined,
    courriels: list(fields.emails),
    site_web: list(fields.websites),
    horaires: fields.openingHours ?? undefined,
    presentation_resume: fields.summary ?? undefined,
    modalites_acces: list(fields.accessModes),
    modalites_accompagnement: list(fields.supportModes),
    frais_a_charge: list(fields.fees),
    publics_specifiquement_adresses: list(fields.publics),
    prise_rdv: fields.appointmentUrl ?? undefined,
    source,
  };
  for (const [key, value] of Object.entries(optional)) if (value !== undefined) (row as Record<string, unknown>)[key] = value;
  return row;
}

/** Reads schema rows back with the schema library (what a reuser of the open data does); throws on a faulty row. */
export function readSchemaRows(rows: SchemaLieuMediationNumerique[]) {
  return fromSchemaLieuxDeMediationNumerique(rows);
}

/** Runs the schema library on a row; the field it refuses, or null. */
function schemaFault(row: SchemaLieuMediationNumerique): FieldError | null {
  try {
    fromSchemaLieuDeMediationNumerique(row);
    return null;
  } catch (error) {
    if (!(error instanceof ModelError)) throw error;
    const field = FIELD_OF_KEY[String(error.key)] ?? 'name';
    return { field, message: MESSAGES[field] ?? String(error.message) };
  }
}

/** Every field at fault, each named once, in French. */
export function helpPlaceErrors(fields: HelpPlaceFields): FieldError[] {
  const errors: FieldError[] = [];
  const add = (error: FieldError | null) => {
    if (error && !errors.some((known) => known.field === error.field)) errors.push(error);
  };
  const length = (field: 'name' | 'street' | 'addressComplement' | 'summary', label: string) => {
    const value = fields[field];
    if (value !== null && [...value].length > LIMITS[field]) add({ field, message: `${label} doit tenir en ${LIMITS[field]} caractères.` });
  };
  length('name', 'Le nom');
  length('street', 'L’adresse');
  length('addressComplement', 'Le complément d’adresse');
  length('summary', 'La présentation');
  if (!fields.services.length) add({ field: 'services', message: MESSAGES.services! });
  for (const field of ['typologies', 'services', 'emails', 'websites', 'accessModes', 'supportModes', 'fees', 'publics'] as const) {
    if (fields[field].length > LIMITS.list) add({ field, message: `Pas plus de ${LIMITS.list} valeurs.` });
  }

  // The library stops at its first error: each field is checked alone on top of a valid place, so that
  // every faulty field is reported together.
  const id = 'validation';
  const now = new Date();
  const base: HelpPlaceFields = {
    ...fields,
    name: 'Lieu',
    pivot: '00000000000000',
    street: '1 rue de la Mairie',
    postalCode: '49000',
    communeName: 'Angers',
    communeCode: '49007',
    addressComplement: null,
    latitude: null,
    longitude: null,
    typologies: [],
    services: [],
    phone: null,
    emails: [],
    websites: [],
    openingHours: null,
    summary: null,
    accessModes: [],
    supportModes: [],
    fees: [],
    publics: [],
    appointmentUrl: null,
  };
  const someService = fields.services.length ? fields.services : [HELP_PLACE_VALUES.services[0]!];
  const checks: Array<Partial<HelpPlaceFields>> = [
    { name: fields.name },
    { pivot: fields.pivot },
    { street: fields.street, addressComplement: fields.addressComplement },
    { postalCode: fields.postalCode },
    { latitude: fields.latitude, longitude: fields.longitude },
    { typologies: fields.typologies },
    { services: fields.services },
    { phone: fields.phone },
    // The schema reads these only alongside services.
    { accessModes: fields.accessModes, services: someService },
    { supportModes: fields.supportModes, services: someService },
    { fees: fields.fees, services: someService },
    { publics: fields.publics, services: someService },
    { appointmentUrl: fields.appointmentUrl },
  ];
  for (const check of checks) add(schemaFault(toSchemaRow(id, { ...base, ...check }, now)));
  if ((fields.latitude === null) !== (fields.longitude === null)) add({ field: fields.latitude === null ? 'latitude' : 'longitude', message: 'Indiquez la latitude et la longitude, ou aucune des deux.' });

  // What the library accepts without checking.
  const badEmail = fields.emails.find((email) => !isValidCourriel(email));
  if (badEmail !== undefined) add({ field: 'emails', message: `L’adresse e-mail « ${badEmail.slice(0, 100)} » n’est pas valide.` });
  const badSite = fields.websites.find((site) => !isValidUrl(site) || !/^https?:\/\//i.test(site));
  if (badSite !== undefined) add({ field: 'websites', message: `Le site « ${badSite.slice(0, 100)} » doit être une adresse web complète (https://…).` });
  if (fields.openingHours !== null) {
    const message = openingHoursError(fields.openingHours);
    if (message) add({ field: 'openingHours', message });
  }
  return errors;
}

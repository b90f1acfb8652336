// The need form's fields, labels and first-line checks (the API stays the authority). The form has
// three steps without JavaScript (write → compare → preview): every value round-trips in the form.
import { AFFECTED_GROUPS, NEED_FREQUENCIES, NEED_KINDS, NEED_LIMITS, PEOPLE_RANGES, PHOTO_LIMITS, isOneOf } from '@pit/domain';

export const PHOTO_SLOTS = [1, 2, 3] as const;

export const NEED_FIELDS = [
  'kind',
  'title',
  'description',
  'categoryKey',
  'affectedGroups',
  'frequency',
  'peopleRange',
  'address',
  'communeCode',
  'photo1',
  'photo1Alt',
  'photo2',
  'photo2Alt',
  'photo3',
  'photo3Alt',
  'organisationId',
  'authorEmail',
] as const;
export type NeedField = (typeof NEED_FIELDS)[number];
export type NeedFormErrors = Partial<Record<NeedField, string>>;

/** Everything the form carries between its steps (photos by their upload tokens). */
export interface NeedFormValues {
  kind: string;
  title: string;
  description: string;
  categoryKey: string;
  communeCode: string;
  authorEmail: string;
  affectedGroups: string[];
  frequency: string;
  peopleRange: string;
  /** The address chosen among the geocoder's answers: "label|citycode|lat|lon", or empty. */
  address: string;
  /** What was typed in the address search. */
  addressQuery: string;
  organisationId: string;
  draftId: string;
  photos: Array<{ token: string; alt: string }>;
}

/** Visible labels; also the names used in the error summary. */
export const NEED_FIELD_LABELS: Record<NeedField, string> = {
  kind: 'Type',
  title: 'Titre',
  description: 'Description',
  categoryKey: 'Thème',
  affectedGroups: 'Personnes concernées',
  frequency: 'Fréquence',
  peopleRange: 'Nombre de personnes',
  address: 'Adresse',
  communeCode: 'Commune',
  photo1: 'Photo 1',
  photo1Alt: 'Ce que montre la photo 1',
  photo2: 'Photo 2',
  photo2Alt: 'Ce que montre la photo 2',
  photo3: 'Photo 3',
  photo3Alt: 'Ce que montre la photo 3',
  organisationId: 'Déposer au nom de',
  authorEmail: 'Adresse électronique',
};

export function isNeedField(name: string): name is NeedField {
  return (NEED_FIELDS as readonly string[]).includes(name);
}

export function emptyNeedForm(): NeedFormValues {
  return {
    kind: 'need', title: '', description: '', categoryKey: '', communeCode: '', authorEmail: '', affectedGroups: [], frequency: '', peopleRange: '',
    address: '', addressQuery: '', organisationId: '', draftId: '', photos: [],
  };
}

const TOKEN = /^[A-Za-z0-9_-]{16,100}$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Reads the posted fields (files excepted: the action uploads them and adds their tokens). */
export function readNeedForm(data: FormData): NeedFormValues {
  const get = (name: string, max = 300) => {
    const value = data.get(name);
    return typeof value === 'string' ? value.slice(0, max) : '';
  };
  const photos: NeedFormValues['photos'] = [];
  for (const slot of PHOTO_SLOTS) {
    const token = get(`photo${slot}Token`, 100);
    // A ticked "retirer" drops the photo.
    if (TOKEN.test(token) && !get(`photo${slot}Remove`)) photos.push({ token, alt: get(`photo${slot}Alt`).trim() });
  }
  const kind = get('kind');
  return {
    kind: isOneOf(NEED_KINDS, kind) ? kind : 'need',
    title: get('title', 1000).trim(),
    description: get('description', 10_000).trim(),
    categoryKey: get('categoryKey', 60),
    communeCode: get('communeCode', 5),
    authorEmail: get('authorEmail').trim(),
    affectedGroups: data.getAll('affectedGroups').filter((v): v is string => typeof v === 'string' && isOneOf(AFFECTED_GROUPS, v)),
    frequency: isOneOf(NEED_FREQUENCIES, get('frequency')) ? get('frequency') : '',
    peopleRange: isOneOf(PEOPLE_RANGES, get('peopleRange')) ? get('peopleRange') : '',
    address: parseAddress(get('address', 400)) ? get('address', 400) : '',
    addressQuery: get('addressQuery', 200).trim(),
    organisationId: UUID.test(get('organisationId', 40)) ? get('organisationId', 40) : '',
    draftId: UUID.test(get('draftId', 40)) ? get('draftId', 40) : '',
    photos,
  };
}

export interface ChosenAddress {
  label: string;
  citycode: string;
  lat: number;
  lon: number;
}

export function encodeAddress(address: ChosenAddress): string {
  return [address.label.replaceAll('|', ' '), address.citycode, address.lat, address.lon].join('|');
}

export function parseAddress(value: string): ChosenAddress | null {
  const [label, citycode, lat, lon] = value.split('|');
  if (!label || !citycode || !/^\d[\dAB]\d{3}$/.test(citycode)) return null;
  const latitude = Number(lat);
  const longitude = Number(lon);
  if (!Number.isFinite(latitude) || !Number.isFinite(longitude) || lat === '' || lon === '') return null;
  return { label, citycode, lat: latitude, lon: longitude };
}

/**
 * Checks that need no data from the API: empty fields, lengths, photo descriptions. Without an account
 * the email is required (the link to publish the need is sent there); with one it is not asked. An
 * address stands for the commune.
 */
export function validateNeedForm(values: NeedFormValues, { anonymous = false }: { anonymous?: boolean } = {}): NeedFormErrors {
  const errors: NeedFormErrors = {};
  const { title, description } = NEED_LIMITS;
  if (!values.title) errors.title = 'Indiquez un titre.';
  else if (values.title.length < title.min) errors.title = `Le titre doit contenir au moins ${title.min} caractères.`;
  else if (values.title.length > title.max) errors.title = `Le titre doit contenir au plus ${title.max} caractères.`;
  if (!values.description) errors.description = 'Décrivez votre besoin.';
  else if (values.description.length < description.min)
    errors.description = `La description doit contenir au moins ${description.min} caractères.`;
  else if (values.description.length > description.max)
    errors.description = `La description doit contenir au plus ${description.max} caractères.`;
  if (!values.categoryKey) errors.categoryKey = 'Choisissez un thème.';
  if (!values.communeCode && !values.address) errors.communeCode = 'Choisissez une commune.';
  values.photos.forEach((photo, i) => {
    const field = `photo${i + 1}Alt` as NeedField;
    if (!photo.alt) errors[field] = `Décrivez la photo ${i + 1} en quelques mots (pour les personnes qui ne la voient pas).`;
    else if (photo.alt.length < PHOTO_LIMITS.alt.min || photo.alt.length > PHOTO_LIMITS.alt.max)
      errors[field] = `La description de la photo ${i + 1} doit compter entre ${PHOTO_LIMITS.alt.min} et ${PHOTO_LIMITS.alt.max} caractères.`;
  });
  if (anonymous && !values.authorEmail) errors.authorEmail = 'Indiquez votre adresse électronique : nous vous enverrons un lien pour publier votre besoin.';
  return errors;
}

/** The GraphQL input of submitNeed (and, loosely, of a draft) built from the form's values. */
export function toSubmitInput(values: NeedFormValues, anonymous: boolean) {
  const address = parseAddress(values.address);
  return {
    title: values.title,
    description: values.description,
    categoryKey: values.categoryKey,
    communeCode: address?.citycode ?? values.communeCode,
    kind: values.kind.toUpperCase(),
    affectedGroups: values.affectedGroups.map((group) => group.toUpperCase()),
    frequency: values.frequency ? values.frequency.toUpperCase() : null,
    peopleRange: values.peopleRange ? values.peopleRange.toUpperCase() : null,
    address,
    organisationId: anonymous ? null : values.organisationId || null,
    photos: values.photos.map((photo) => ({ token: photo.token, alt: photo.alt })),
    draftId: anonymous ? null : values.draftId || null,
    ...(anonymous ? { authorEmail: values.authorEmail } : {}),
  };
}

/**
 * Maps the API's field errors ({ field: "input.title", message }) to form fields.
 * Errors on fields the form does not know are returned apart, to show in the summary.
 */
export function mapApiFieldErrors(fields: readonly { field: string; message: string }[]): {
  errors: NeedFormErrors;
  other: string[];
} {
  const errors: NeedFormErrors = {};
  const other: string[] = [];
  for (const { field, message } of fields) {
    const name = field.split('.').pop() ?? field;
    if (isNeedField(name)) errors[name] ??= message;
    else other.push(message);
  }
  return { errors, other };
}

export function errorCountHeading(count: number): string {
  return `Le formulaire contient ${count} ${count > 1 ? 'erreurs' : 'erreur'}`;
}

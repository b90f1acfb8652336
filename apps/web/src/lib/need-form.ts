// The need form's fields, labels and first-line checks (the API stays the authority).
import { NEED_LIMITS } from '@pit/domain';

export const NEED_FIELDS = ['title', 'description', 'categoryKey', 'communeCode', 'authorEmail'] as const;
export type NeedField = (typeof NEED_FIELDS)[number];
export type NeedFormValues = Record<NeedField, string>;
export type NeedFormErrors = Partial<Record<NeedField, string>>;

/** Visible labels; also the names used in the error summary. */
export const NEED_FIELD_LABELS: Record<NeedField, string> = {
  title: 'Titre',
  description: 'Description',
  categoryKey: 'Thème',
  communeCode: 'Commune',
  authorEmail: 'Adresse électronique',
};

export function isNeedField(name: string): name is NeedField {
  return (NEED_FIELDS as readonly string[]).includes(name);
}

export function readNeedForm(data: FormData): NeedFormValues {
  const get = (name: NeedField) => {
    const value = data.get(name);
    return typeof value === 'string' ? value : '';
  };
  return {
    title: get('title').trim(),
    description: get('description').trim(),
    categoryKey: get('categoryKey'),
    communeCode: get('communeCode'),
    authorEmail: get('authorEmail').trim().slice(0, 300),
  };
}

/**
 * Checks that need no data from the API: empty fields and lengths. Without an account the email is
 * required (the link to publish the need is sent there); with one it is not asked.
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
  if (!values.communeCode) errors.communeCode = 'Choisissez une commune.';
  if (anonymous && !values.authorEmail) errors.authorEmail = 'Indiquez votre adresse électronique : nous vous enverrons un lien pour publier votre besoin.';
  return errors;
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

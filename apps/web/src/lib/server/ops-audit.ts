// GraphQL documents of the admins' audit journal (/admin/journal). Validated against apps/api/schema.gql by operations.spec.ts.
import { doc, type AuthorityRef } from './operations';

export interface AuditFilter {
  actorId?: string;
  action?: string;
  entityType?: string;
  entityId?: string;
  authorityId?: string;
  from?: string;
  to?: string;
}

export interface AuditEntry {
  id: string;
  actorId: string | null;
  actorPseudonym: string | null;
  action: string;
  entityType: string;
  entityId: string;
  authorityName: string | null;
  before: string | null;
  after: string | null;
  createdAt: string;
}

export const AuditJournalPage = doc<
  { auditEntries: { edges: { node: AuditEntry }[]; pageInfo: { hasNextPage: boolean; endCursor: string | null } }; authorities: AuthorityRef[] },
  { filter: AuditFilter; first: number; after: string | null }
>(
  `query AuditJournalPage($filter: AuditFilter, $first: Int, $after: String) {
    auditEntries(filter: $filter, first: $first, after: $after) {
      edges { node { id actorId actorPseudonym action entityType entityId authorityName before after createdAt } }
      pageInfo { hasNextPage endCursor }
    }
    authorities { id name kind }
  }`,
);

/** French names of the actions the platform audits (others show as written). */
export const AUDIT_ACTION_LABELS: Record<string, string> = {
  'need.status': 'Changement de statut',
  'need.requalify': 'Requalification',
  'need.transfer': 'Transfert',
  'need.paper_supports': 'Soutiens sur papier',
  'need.assign': 'Attribution',
  'need.merge': 'Fusion',
  'need.co_assign': 'Co-attribution',
  'answer_template.save': 'Modèle de réponse enregistré',
  'answer_template.delete': 'Modèle de réponse supprimé',
  'authority.settings': 'Seuil et délai de réponse',
  'role.assign': 'Rôle attribué',
  'role.revoke': 'Rôle retiré',
  'organisation.verify': 'Organisation vérifiée',
  'inbox.export': 'Export CSV de la boîte de réception',
};

/** Kinds of objects, for the filter's select. */
export const AUDIT_ENTITY_TYPES: Record<string, string> = {
  need: 'Besoin',
  authority: 'Collectivité',
  answer_template: 'Modèle de réponse',
  role_assignment: 'Rôle',
  organisation: 'Organisation',
  inbox_export: 'Export CSV',
  routing_rule: 'Règle de routage',
};

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const DAY = /^\d{4}-\d{2}-\d{2}$/;
const ACTION = /^[a-z_]+(\.[a-z_]+)*(\.\*)?$/;
export const AUDIT_PARAMS = ['acteur', 'action', 'type', 'objet', 'collectivite', 'du', 'au'] as const;
export type AuditParam = (typeof AUDIT_PARAMS)[number];

/** Midnight in Paris on that day, as an instant. */
export function parisMidnight(day: string): Date {
  const guess = new Date(`${day}T00:00:00Z`);
  const inParis = new Date(guess.toLocaleString('en-US', { timeZone: 'Europe/Paris' }));
  const inUtc = new Date(guess.toLocaleString('en-US', { timeZone: 'UTC' }));
  return new Date(guess.getTime() - (inParis.getTime() - inUtc.getTime()));
}

/**
 * The journal's URL filters (French names; days from "du" to "au" included, Paris time) as the API's
 * AuditFilter, the values to show back, and a French message per malformed field (not sent).
 */
export function auditFilterFromParams(params: URLSearchParams): { filter: AuditFilter; values: Record<AuditParam, string>; errors: Partial<Record<AuditParam, string>> } {
  const values = Object.fromEntries(AUDIT_PARAMS.map((name) => [name, params.get(name)?.trim().slice(0, 100) ?? ''])) as Record<AuditParam, string>;
  const filter: AuditFilter = {};
  const errors: Partial<Record<AuditParam, string>> = {};
  const id = (name: AuditParam, key: 'actorId' | 'entityId' | 'authorityId') => {
    if (!values[name]) return;
    if (UUID.test(values[name])) filter[key] = values[name];
    else errors[name] = 'Indiquez un identifiant complet, par exemple 3f2c9a1e-…';
  };
  id('acteur', 'actorId');
  id('objet', 'entityId');
  id('collectivite', 'authorityId');
  if (values.action) {
    if (ACTION.test(values.action)) filter.action = values.action;
    else errors.action = 'Indiquez une action comme need.status, ou une famille comme need.*.';
  }
  if (values.type) {
    if (Object.hasOwn(AUDIT_ENTITY_TYPES, values.type)) filter.entityType = values.type;
    else errors.type = 'Choisissez un type d’objet de la liste.';
  }
  for (const [name, key, shift] of [
    ['du', 'from', 0],
    ['au', 'to', 1],
  ] as const) {
    if (!values[name]) continue;
    const noon = new Date(`${values[name]}T12:00:00Z`);
    if (!DAY.test(values[name]) || Number.isNaN(noon.getTime())) {
      errors[name] = 'Indiquez une date au format AAAA-MM-JJ.';
      continue;
    }
    // "au" includes its day: up to the next midnight.
    filter[key] = parisMidnight(new Date(noon.getTime() + shift * 86_400_000).toISOString().slice(0, 10)).toISOString();
  }
  if (filter.from && filter.to && filter.from >= filter.to) errors.au = 'La date de fin précède la date de début.';
  return { filter, values, errors };
}

/** The filter as the query string of the API's CSV export (GET /exports/audit.csv). */
export function auditCsvQuery(filter: AuditFilter): string {
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries(filter)) if (value) query.set(key, value);
  return query.toString();
}

// French labels of the API's enums.
import type { IdentifierTypeEnum, MemberRoleEnum, OrganisationKindEnum, RoleEnum } from '$lib/server/operations';

export const ROLE_LABELS: Record<RoleEnum, string> = {
  ADMIN: 'Administrateur',
  MODERATOR: 'Modérateur',
  AGENT: 'Agent',
  MEDIATOR: 'Médiateur',
};

export const MEMBER_ROLE_LABELS: Record<MemberRoleEnum, string> = {
  REPRESENTATIVE: 'Représentant',
  MEMBER: 'Membre',
};

export const ORGANISATION_KIND_LABELS: Record<OrganisationKindEnum, string> = {
  ASSOCIATION: 'Association',
  BUSINESS: 'Entreprise',
  SCHOOL: 'Établissement scolaire',
  COLLECTIVE: 'Collectif',
};

export const IDENTIFIER_TYPE_LABELS: Record<IdentifierTypeEnum, string> = {
  SIREN: 'SIREN',
  SIRET: 'SIRET',
  RNA: 'RNA (associations)',
  NONE: 'Aucun',
};

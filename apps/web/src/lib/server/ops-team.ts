// GraphQL documents of an authority's team page (/collectivite/equipe). Validated against apps/api/schema.gql by operations.spec.ts.
import { doc, type AuthorityRef } from './operations';

export type StaffAlertModeEnum = 'IMMEDIATE' | 'DAILY' | 'OFF';

/** French names of the alert choices, in the order the form offers them. */
export const STAFF_ALERT_LABELS: Record<StaffAlertModeEnum, { label: string; hint: string }> = {
  IMMEDIATE: { label: 'Immédiatement', hint: 'Un courriel pour chaque nouveau besoin arrivé dans la boîte de la collectivité.' },
  DAILY: { label: 'Résumé quotidien', hint: 'Un courriel par jour, le matin, listant les besoins arrivés la veille.' },
  OFF: { label: 'Jamais', hint: 'Aucun courriel : vous consultez la boîte de la collectivité vous-même.' },
};

export interface StaffMemberData {
  id: string;
  displayName: string;
  assignedCount: number;
}

export interface HandoverData {
  id: string;
  fromName: string;
  toName: string;
  until: string | null;
  needCount: number;
  createdAt: string;
}

export const TeamPage = doc<
  {
    authorityStaff: StaffMemberData[];
    authorityHandovers: HandoverData[];
    myStaffAlertSettings: { mode: StaffAlertModeEnum };
    authorities?: AuthorityRef[];
  },
  { authorityId: string; withAuthorities: boolean }
>(
  `query TeamPage($authorityId: ID!, $withAuthorities: Boolean!) {
    authorityStaff(authorityId: $authorityId) { id displayName assignedCount }
    authorityHandovers(authorityId: $authorityId) { id fromName toName until needCount createdAt }
    myStaffAlertSettings { mode }
    authorities @include(if: $withAuthorities) { id name kind }
  }`,
);

export const SetStaffAlertMode = doc<{ setStaffAlertMode: { mode: StaffAlertModeEnum } }, { mode: StaffAlertModeEnum }>(
  `mutation SetStaffAlertMode($mode: StaffAlertMode!) { setStaffAlertMode(mode: $mode) { mode } }`,
);

export const HandOverNeeds = doc<
  { handOverNeeds: { moved: number } },
  { authorityId: string; input: { fromPersonId: string; toPersonId: string; until: string | null } }
>(`mutation HandOverNeeds($authorityId: ID!, $input: HandOverNeedsInput!) { handOverNeeds(authorityId: $authorityId, input: $input) { moved } }`);

export const DeactivateStaff = doc<
  { deactivateStaff: { revokedRoles: number; unassignedNeeds: number; endedSessions: number } },
  { personId: string; authorityId: string | null }
>(`mutation DeactivateStaff($personId: ID!, $authorityId: ID) { deactivateStaff(personId: $personId, authorityId: $authorityId) { revokedRoles unassignedNeeds endedSessions } }`);

export interface CoAssignmentData {
  authority: { id: string; name: string };
  reason: string;
  createdAt: string;
}

export const CoAssignmentPage = doc<
  {
    need: { reference: string; title: string; routing: { authority: { id: string; name: string } } | null; coAssignments: CoAssignmentData[] } | null;
    authorities: AuthorityRef[];
  },
  { reference: string }
>(
  `query CoAssignmentPage($reference: String!) {
    need(reference: $reference) { reference title routing { authority { id name } } coAssignments { authority { id name } reason createdAt } }
    authorities { id name kind }
  }`,
);

export const CoAssignNeed = doc<{ coAssignNeed: { reference: string } }, { reference: string; input: { authorityId: string; reason: string } }>(
  `mutation CoAssignNeed($reference: String!, $input: CoAssignNeedInput!) { coAssignNeed(reference: $reference, input: $input) { reference } }`,
);

export const RemoveCoAssignment = doc<{ removeCoAssignment: { reference: string } }, { reference: string; authorityId: string }>(
  `mutation RemoveCoAssignment($reference: String!, $authorityId: ID!) { removeCoAssignment(reference: $reference, authorityId: $authorityId) { reference } }`,
);

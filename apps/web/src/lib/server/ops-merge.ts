// GraphQL documents of duplicates (issue 5 item 5): the merge page of a need
// (/collectivite/besoins/[reference]/fusionner) and the supporters' consent page (/compte/soutiens).
// Validated against apps/api/schema.gql by operations.spec.ts.
import { doc, type NeedStatusEnum } from './operations';

export interface MergeCandidate {
  reference: string;
  title: string;
  status: NeedStatusEnum;
  statusLabel: string;
}

const CANDIDATE = 'reference title status statusLabel';

/** The need to merge and, when a reference was typed (`into`, else ""), the need to keep. */
export const MergePage = doc<{ need: MergeCandidate | null; kept: MergeCandidate | null }, { reference: string; into: string }>(
  `query MergePage($reference: String!, $into: String!) { need(reference: $reference) { ${CANDIDATE} } kept: need(reference: $into) { ${CANDIDATE} } }`,
);

export const MergeNeed = doc<{ mergeNeed: { intoReference: string; requestCount: number } }, { reference: string; input: { into: string; reason: string } }>(
  `mutation MergeNeed($reference: String!, $input: MergeNeedInput!) { mergeNeed(reference: $reference, input: $input) { intoReference requestCount } }`,
);

export interface SupportCarryOverData {
  id: string;
  fromReference: string;
  fromTitle: string;
  intoReference: string;
  intoTitle: string;
  reason: string;
  mergedAt: string;
}

export const MySupportCarryOvers = doc<{ mySupportCarryOvers: SupportCarryOverData[] }>(
  `query MySupportCarryOvers { mySupportCarryOvers { id fromReference fromTitle intoReference intoTitle reason mergedAt } }`,
);

export const RespondToSupportCarryOver = doc<{ respondToSupportCarryOver: { state: 'PENDING' | 'ACCEPTED' | 'DECLINED' } }, { id: string; accept: boolean }>(
  `mutation RespondToSupportCarryOver($id: ID!, $accept: Boolean!) { respondToSupportCarryOver(id: $id, accept: $accept) { state } }`,
);

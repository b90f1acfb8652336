// GraphQL documents of assisted intake (dépôt accompagné): the mediators' pages under /mediation, the
// receipt and letter, /suivi, the claim page and /admin/canaux. Validated against apps/api/schema.gql by operations.spec.ts.
import { doc } from './operations';

export interface MandateData {
  id: string;
  reference: string;
  title: string;
  description: string;
  status: string;
  communeName: string;
  channel: string;
  placeAuthorityId: string;
  placeName: string;
  placePhone: string | null;
  pseudonym: string;
  residentLabel: string | null;
  contactKind: string;
  contactValue: string | null;
  duration: string;
  active: boolean;
  expiresAt: string;
  endReason: string | null;
  createdAt: string;
  events: Array<{ kind: string; detail: string | null; actorPseudonym: string | null; at: string }>;
}

const MANDATE_FIELDS = `id reference title description status communeName channel placeAuthorityId placeName placePhone pseudonym residentLabel
  contactKind contactValue duration active expiresAt endReason createdAt events { kind detail actorPseudonym at }`;

export interface TodoData {
  id: string;
  reference: string;
  title: string;
  kind: string;
  status: string;
  note: string | null;
  changedAt: string;
  createdAt: string;
  doneAt: string | null;
  doneNote: string | null;
  pseudonym: string;
  residentLabel: string | null;
  contactValue: string | null;
  placeName: string;
  placePhone: string | null;
}

const TODO_FIELDS = `id reference title kind status note changedAt createdAt doneAt doneNote pseudonym residentLabel contactValue placeName placePhone`;

export const SubmitAssistedNeed = doc<{ submitAssistedNeed: { need: { reference: string } } }, { input: Record<string, unknown> }>(
  `mutation SubmitAssistedNeed($input: SubmitAssistedNeedInput!) { submitAssistedNeed(input: $input) { need { reference } } }`,
);

export const NeedMandate = doc<{ needMandate: MandateData | null }, { reference: string; receipt: boolean }>(
  `query NeedMandate($reference: String!, $receipt: Boolean) { needMandate(reference: $reference, receipt: $receipt) { ${MANDATE_FIELDS} } }`,
);

export const PlaceMediation = doc<{ mediationTodos: TodoData[]; done: TodoData[]; placeMandates: MandateData[] }, { authorityId: string }>(
  `query PlaceMediation($authorityId: ID!) {
    mediationTodos(authorityId: $authorityId) { ${TODO_FIELDS} }
    done: mediationTodos(authorityId: $authorityId, done: true) { ${TODO_FIELDS} }
    placeMandates(authorityId: $authorityId) { ${MANDATE_FIELDS} }
  }`,
);

export const MediationTodo = doc<{ mediationTodo: TodoData | null }, { id: string }>(`query MediationTodo($id: ID!) { mediationTodo(id: $id) { ${TODO_FIELDS} } }`);

export const CompleteMediationTodo = doc<{ completeMediationTodo: { id: string } }, { id: string; note: string | null }>(
  `mutation CompleteMediationTodo($id: ID!, $note: String) { completeMediationTodo(id: $id, note: $note) { id } }`,
);

export const RevokeMandate = doc<{ revokeMandate: { active: boolean } }, { reference: string }>(
  `mutation RevokeMandate($reference: String!) { revokeMandate(reference: $reference) { active } }`,
);

export interface TrackedNeedData {
  reference: string;
  title: string;
  status: string;
  communeName: string | null;
  authorityName: string | null;
  lastAnswer: { note: string; at: string } | null;
  updatedAt: string;
  placeName: string | null;
  placePhone: string | null;
}

export const TrackNeed = doc<{ trackNeed: TrackedNeedData | null }, { code: string }>(
  `query TrackNeed($code: String!) { trackNeed(code: $code) { reference title status communeName authorityName lastAnswer { note at } updatedAt placeName placePhone } }`,
);

export const ClaimNeed = doc<{ claimNeed: { reference: string } }, { reference: string; phone: string }>(
  `mutation ClaimNeed($reference: String!, $phone: String!) { claimNeed(reference: $reference, phone: $phone) { reference } }`,
);

export interface ChannelStatisticsData {
  communeCode: string;
  communeName: string;
  total: number;
  assisted: number;
  assistedShare: number;
  byChannel: Array<{ channel: string; count: number }>;
}

export const ChannelStatistics = doc<{ channelStatistics: ChannelStatisticsData[] }>(
  `query ChannelStatistics { channelStatistics { communeCode communeName total assisted assistedShare byChannel { channel count } } }`,
);

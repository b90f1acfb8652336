// GraphQL documents of the accountability clock (issue 5 item 6): the public figures per authority
// (/collectivites, /collectivites/[id]) and the "useful, usable, used" survey (/besoins/[reference]/avis).
// Validated against apps/api/schema.gql by operations.spec.ts.
import { doc, type AuthorityKindEnum, type NeedStatusEnum } from './operations';

export type ServiceFeedbackAnswerEnum = 'YES' | 'PARTLY' | 'NO';

export interface ServiceFeedbackCounts {
  yes: number;
  partly: number;
  no: number;
  total: number;
}

export interface AuthorityFiguresRow {
  authorityId: string;
  kind: AuthorityKindEnum;
  name: string;
  publicNeedCount: number;
  medianDaysToFirstAnswer: number | null;
  overdueCount: number;
}

export interface AuthorityFiguresData extends AuthorityFiguresRow {
  website: string | null;
  firstAnswerDays: number;
  answeredCount: number;
  byStatus: { status: NeedStatusEnum; count: number }[];
  serviceFeedback: ServiceFeedbackCounts;
}

const ROW = 'authorityId kind name publicNeedCount medianDaysToFirstAnswer overdueCount';

export const AuthoritiesFiguresPage = doc<
  { authoritiesFigures: { totalCount: number; items: AuthorityFiguresRow[] } },
  { kind: AuthorityKindEnum | null; first: number; offset: number }
>(`query AuthoritiesFiguresPage($kind: AuthorityKind, $first: Int, $offset: Int) {
  authoritiesFigures(kind: $kind, first: $first, offset: $offset) { totalCount items { ${ROW} } } }`);

export const AuthorityFiguresPage = doc<{ authorityFigures: AuthorityFiguresData | null }, { authorityId: string }>(
  `query AuthorityFiguresPage($authorityId: ID!) { authorityFigures(authorityId: $authorityId) {
    ${ROW} website firstAnswerDays answeredCount byStatus { status count } serviceFeedback { yes partly no total } } }`,
);

export interface ServiceFeedbackNeed {
  reference: string;
  title: string;
  status: NeedStatusEnum;
  statusLabel: string;
  serviceFeedback: ServiceFeedbackCounts;
  viewerServiceFeedback: { eligible: boolean; open: boolean; answer: ServiceFeedbackAnswerEnum | null; comment: string | null } | null;
}

export const ServiceFeedbackPage = doc<{ need: ServiceFeedbackNeed | null }, { reference: string }>(
  `query ServiceFeedbackPage($reference: String!) { need(reference: $reference) {
    reference title status statusLabel serviceFeedback { yes partly no total } viewerServiceFeedback { eligible open answer comment } } }`,
);

export const AnswerServiceFeedback = doc<
  { answerServiceFeedback: { answer: ServiceFeedbackAnswerEnum | null } },
  { input: { reference: string; answer: ServiceFeedbackAnswerEnum; comment: string | null } }
>(`mutation AnswerServiceFeedback($input: ServiceFeedbackInput!) { answerServiceFeedback(input: $input) { answer } }`);

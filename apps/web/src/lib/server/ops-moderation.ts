// GraphQL documents of moderation: the queue (/moderation), pre-moderation settings, reports of needs
// (/besoins/<reference>/signaler). Validated against apps/api/schema.gql by operations.spec.ts.
import { doc, type NeedStatusEnum } from './operations';

export type NeedReportReasonEnum = 'SPAM' | 'ABUSE' | 'PERSONAL_DATA' | 'NOT_A_NEED' | 'OTHER';
export type ModerationSubjectEnum = 'NEED' | 'COMMENT';
export type PersonalDataKindEnum = 'PHONE' | 'EMAIL';

export interface ModerationItem {
  subject: ModerationSubjectEnum;
  id: string;
  needReference: string;
  needTitle: string;
  needDescription: string;
  needStatus: NeedStatusEnum;
  authorityName: string | null;
  commentBody: string | null;
  authorPseudonym: string | null;
  held: boolean;
  personalData: PersonalDataKindEnum[];
  since: string;
  reports: { reason: string; reasonLabel: string; detail: string | null; reporterPseudonym: string; createdAt: string }[];
}

const ITEM_FIELDS = `subject id needReference needTitle needDescription needStatus authorityName commentBody authorPseudonym held personalData since
  reports { reason reasonLabel detail reporterPseudonym createdAt }`;

export const ModerationQueuePage = doc<{ moderationQueue: ModerationItem[] }, { authorityId?: string | null }>(
  `query ModerationQueuePage($authorityId: ID) { moderationQueue(first: 100, authorityId: $authorityId) { ${ITEM_FIELDS} } }`,
);

export const ModerationSettingsOf = doc<{ moderationSettings: { authorityId: string; premoderation: boolean; updatedAt: string | null } }, { authorityId: string }>(
  `query ModerationSettingsOf($authorityId: ID!) { moderationSettings(authorityId: $authorityId) { authorityId premoderation updatedAt } }`,
);

export const SetPremoderation = doc<{ setPremoderation: { premoderation: boolean } }, { authorityId: string; enabled: boolean }>(
  `mutation SetPremoderation($authorityId: ID!, $enabled: Boolean!) { setPremoderation(authorityId: $authorityId, enabled: $enabled) { premoderation } }`,
);

export const ApproveNeed = doc<{ approveNeed: { reference: string } }, { reference: string }>(
  `mutation ApproveNeed($reference: String!) { approveNeed(reference: $reference) { reference } }`,
);

export const RejectNeed = doc<{ rejectNeed: { reference: string } }, { reference: string; reason: string }>(
  `mutation RejectNeed($reference: String!, $reason: String!) { rejectNeed(reference: $reference, reason: $reason) { reference } }`,
);

export const HideNeed = doc<{ changeNeedStatus: { reference: string } }, { reference: string; reason: string }>(
  `mutation HideNeed($reference: String!, $reason: String!) { changeNeedStatus(reference: $reference, input: { status: HIDDEN, reason: $reason }) { reference } }`,
);

export const UnhideNeed = doc<{ unhideNeed: { reference: string; statusLabel: string } }, { reference: string }>(
  `mutation UnhideNeed($reference: String!) { unhideNeed(reference: $reference) { reference statusLabel } }`,
);

export const DismissReports = doc<{ dismissReports: boolean }, { subject: ModerationSubjectEnum; id: string }>(
  `mutation DismissReports($subject: ModerationSubject!, $id: ID!) { dismissReports(subject: $subject, id: $id) }`,
);

export const ReportNeed = doc<{ reportNeed: boolean }, { reference: string; input: { reason: NeedReportReasonEnum; detail: string | null } }>(
  `mutation ReportNeed($reference: String!, $input: ReportNeedInput!) { reportNeed(reference: $reference, input: $input) }`,
);

export const ReportableNeed = doc<{ need: { reference: string; title: string; status: NeedStatusEnum } | null }, { reference: string }>(
  `query ReportableNeed($reference: String!) { need(reference: $reference) { reference title status } }`,
);

export const HideComment = doc<{ hideComment: boolean }, { id: string; reason: string }>(
  `mutation HideComment($id: ID!, $reason: String!) { hideComment(id: $id, reason: $reason) }`,
);

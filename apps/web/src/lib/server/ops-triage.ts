// GraphQL documents of the triage page of a need (/collectivite/besoins/[reference]) and of the
// answer templates page (/collectivite/modeles). Validated against apps/api/schema.gql by operations.spec.ts.
import { doc, type AuthorityRef, type NeedStatusEnum } from './operations';

export type WorkflowField = 'reason' | 'duplicateOf' | 'outsideBody';

export interface AnswerTemplateData {
  id: string;
  authorityId: string;
  title: string;
  body: string;
  status: NeedStatusEnum | null;
  updatedAt: string;
}

export interface TriageNeedData {
  need: {
    reference: string;
    title: string;
    description: string;
    status: NeedStatusEnum;
    statusLabel: string;
    createdAt: string;
    authorPseudonym: string | null;
    organisation: { name: string; verified: boolean } | null;
    commune: { name: string };
    category: { key: string; label: string; theme: { label: string } };
    routing: { authority: { id: string; name: string } } | null;
    routings: { kind: string; note: string | null; reason: string; routedAt: string; authority: { name: string } }[];
    history: { status: NeedStatusEnum; label: string; at: string; note: string | null }[];
    /** "Ce service répond-il au besoin ?" (H4), asked some weeks after réalisé. */
    serviceFeedback: { yes: number; partly: number; no: number; total: number };
  };
  authorityId: string | null;
  channel: string;
  assignee: { id: string; pseudonym: string } | null;
  answerDueAt: string | null;
  overdue: boolean;
  supportCount: number;
  onlineSupportCount: number;
  paperSupportCount: number;
  backers: { organisationId: string; name: string; verified: boolean; statement: string }[];
  commentCount: number;
  latestComments: { id: string; body: string; authorPseudonym: string | null; organisationName: string | null; createdAt: string }[];
  coAssignments: { authorityId: string; authorityName: string; reason: string }[];
  internalNotes: { id: string; body: string; authorPseudonym: string | null; createdAt: string }[];
  allowedStatuses: { status: NeedStatusEnum; label: string; requiredFields: WorkflowField[] }[];
  answerTemplates: AnswerTemplateData[];
  agents: { id: string; pseudonym: string }[];
}

const TEMPLATE = 'id authorityId title body status updatedAt';

export const TriagePage = doc<
  { triageNeed: TriageNeedData | null; themes: { key: string; label: string; categories: { key: string; label: string }[] }[]; authorities: AuthorityRef[] },
  { reference: string }
>(
  `query TriagePage($reference: String!) {
    triageNeed(reference: $reference) {
      need {
        reference title description status statusLabel createdAt authorPseudonym organisation { name verified }
        commune { name } category { key label theme { label } } routing { authority { id name } }
        routings { kind note reason routedAt authority { name } }
        history { status label at note }
        serviceFeedback { yes partly no total }
      }
      authorityId channel assignee { id pseudonym } answerDueAt overdue
      supportCount onlineSupportCount paperSupportCount
      backers { organisationId name verified statement }
      commentCount latestComments { id body authorPseudonym organisationName createdAt }
      coAssignments { authorityId authorityName reason }
      internalNotes { id body authorPseudonym createdAt }
      allowedStatuses { status label requiredFields }
      answerTemplates { ${TEMPLATE} }
      agents { id pseudonym }
    }
    themes { key label categories { key label } }
    authorities { id name kind }
  }`,
);

export interface ChangeNeedStatusInputData {
  status: NeedStatusEnum;
  answer?: string | null;
  reason?: string | null;
  duplicateOf?: string | null;
  outsideBody?: string | null;
}

export const TriageChangeStatus = doc<{ changeNeedStatus: { reference: string; status: NeedStatusEnum } }, { reference: string; input: ChangeNeedStatusInputData }>(
  `mutation TriageChangeStatus($reference: String!, $input: ChangeNeedStatusInput!) { changeNeedStatus(reference: $reference, input: $input) { reference status } }`,
);

export const TriageRequalify = doc<
  { requalifyNeed: { reference: string; routing: { authority: { id: string; name: string } } | null } },
  { reference: string; input: { categoryKey: string; reason: string } }
>(
  `mutation TriageRequalify($reference: String!, $input: RequalifyNeedInput!) { requalifyNeed(reference: $reference, input: $input) { reference routing { authority { id name } } } }`,
);

export const TriageTransfer = doc<
  { transferNeed: { reference: string; routing: { authority: { id: string; name: string } } | null } },
  { reference: string; input: { authorityId: string; reason: string } }
>(
  `mutation TriageTransfer($reference: String!, $input: TransferNeedInput!) { transferNeed(reference: $reference, input: $input) { reference routing { authority { id name } } } }`,
);

export const TriageAssign = doc<{ assignNeed: { assignee: { id: string; pseudonym: string } | null } }, { reference: string; assigneeId: string | null }>(
  `mutation TriageAssign($reference: String!, $assigneeId: ID) { assignNeed(reference: $reference, assigneeId: $assigneeId) { assignee { id pseudonym } } }`,
);

export const TriageAddNote = doc<{ addInternalNote: { id: string } }, { reference: string; body: string }>(
  `mutation TriageAddNote($reference: String!, $body: String!) { addInternalNote(reference: $reference, body: $body) { id } }`,
);

// --- Answer templates (/collectivite/modeles) ----------------------------------------------------

export const TemplatesPage = doc<{ answerTemplates: AnswerTemplateData[]; authorities?: AuthorityRef[] }, { authorityId: string; withAuthorities: boolean }>(
  `query TemplatesPage($authorityId: ID!, $withAuthorities: Boolean!) {
    answerTemplates(authorityId: $authorityId) { ${TEMPLATE} }
    authorities @include(if: $withAuthorities) { id name kind }
  }`,
);

export const SaveTemplate = doc<
  { saveAnswerTemplate: AnswerTemplateData },
  { input: { id: string | null; authorityId: string; title: string; body: string; status: NeedStatusEnum | null } }
>(`mutation SaveTemplate($input: SaveAnswerTemplateInput!) { saveAnswerTemplate(input: $input) { ${TEMPLATE} } }`);

export const DeleteTemplate = doc<{ deleteAnswerTemplate: boolean }, { id: string }>(`mutation DeleteTemplate($id: ID!) { deleteAnswerTemplate(id: $id) }`);

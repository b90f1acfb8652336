// GraphQL documents the web sends, with their result types written by hand against
// apps/api/schema.gql (operations.spec.ts validates every document against it). Areas of the back
// office keep theirs in ops-<area>.ts beside this file, built with `doc`; the spec checks those too.

export interface TypedDocument<TData, TVars> {
  query: string;
  /** Phantom fields: carry the types only. */
  readonly __data?: TData;
  readonly __vars?: TVars;
}

export const doc = <TData, TVars = Record<string, never>>(query: string): TypedDocument<TData, TVars> => ({ query });

export type NeedStatusEnum =
  | 'PENDING_CONFIRMATION'
  | 'RECEIVED'
  | 'TRANSMITTED'
  | 'UNDER_STUDY'
  | 'ACCEPTED'
  | 'PLANNED'
  | 'IN_PROGRESS'
  | 'DONE'
  | 'REFUSED'
  | 'DUPLICATE'
  | 'OUT_OF_SCOPE'
  | 'HIDDEN'
  | 'WITHDRAWN';

export interface NeedFilter {
  communeCode?: string;
  epciCode?: string;
  themeKey?: string;
  status?: NeedStatusEnum;
  kind?: 'NEED' | 'IDEA';
  awaitingAnswer?: boolean;
}

export type NeedSortEnum = 'NEWEST' | 'MOST_SUPPORTED' | 'RECENTLY_ANSWERED';

export interface NeedSummary {
  reference: string;
  title: string;
  status: NeedStatusEnum;
  statusLabel: string;
  createdAt: string;
  commune: { name: string };
  kind: 'NEED' | 'IDEA';
}

export interface NeedConnection {
  edges: { cursor: string; node: NeedSummary }[];
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
  totalCount: number;
}

export interface CommuneOption {
  code: string;
  name: string;
  postcodes: string[];
  delegatedCommunes: string[];
  epci: { name: string };
}

export interface ThemeWithCategories {
  key: string;
  label: string;
  categories: { key: string; label: string }[];
}

const NEED_SUMMARY = 'reference title status statusLabel createdAt commune { name } kind';
const COMMUNE_OPTION = 'code name postcodes delegatedCommunes epci { name }';

export const HomeNeeds = doc<{ needs: NeedConnection }, { first: number }>(
  `query HomeNeeds($first: Int!) { needs(first: $first) { edges { cursor node { ${NEED_SUMMARY} } } pageInfo { hasNextPage endCursor } totalCount } }`,
);

export const NeedsPage = doc<
  { needs: NeedConnection; communes: CommuneOption[]; themes: { key: string; label: string }[]; authorities: { code: string; name: string }[] },
  { filter: NeedFilter; sort: NeedSortEnum; q: string | null; first: number; after: string | null }
>(
  `query NeedsPage($filter: NeedFilter, $sort: NeedSort, $q: String, $first: Int!, $after: String) {
    needs(filter: $filter, sort: $sort, q: $q, first: $first, after: $after) { edges { cursor node { ${NEED_SUMMARY} } } pageInfo { hasNextPage endCursor } totalCount }
    communes { ${COMMUNE_OPTION} }
    themes { key label }
    authorities(kind: EPCI) { code name }
  }`,
);

export const NeedFormData = doc<{ communes: CommuneOption[]; themes: ThemeWithCategories[] }>(
  `query NeedFormData { communes { ${COMMUNE_OPTION} } themes { key label categories { key label } } }`,
);

export interface NeedDetail {
  reference: string;
  title: string;
  description: string;
  status: NeedStatusEnum;
  statusLabel: string;
  createdAt: string;
  commune: { code: string; name: string; postcodes: string[]; epci: { name: string } };
  category: { key: string; label: string; theme: { key: string; label: string } };
  routing: {
    level: 'COMMUNE' | 'EPCI' | 'POLE' | 'EXTERNAL';
    authority: { name: string; kind: string; website: string | null };
    reason: string;
    routedAt: string;
  } | null;
  /** Every routing, oldest first: the public timeline of the need's moves (H2). */
  routings: { kind: string; note: string | null; routedAt: string; authority: { name: string } }[];
  history: { status: NeedStatusEnum; label: string; at: string; note: string | null }[];
  /** Duplicates (H3): the need kept when this one was merged, and the needs merged into this one. */
  mergedInto: { reference: string; title: string } | null;
  mergedFrom: { reference: string; title: string }[];
  kind: 'NEED' | 'IDEA';
  affectedGroups: string[];
  frequency: string | null;
  peopleRange: string | null;
  address: { label: string } | null;
  editedAt: string | null;
  authorPseudonym: string | null;
  organisation: { name: string; verified: boolean } | null;
  photos: { position: number; alt: string; width: number; height: number }[];
  canEdit: boolean;
  /** "Ce service répond-il au besoin ?" (H4): answer counts, and whether the viewer may answer. */
  serviceFeedback: { yes: number; partly: number; no: number; total: number };
  viewerServiceFeedback: { eligible: boolean; answer: string | null } | null;
  /** Moderation (H5): held by pre-moderation (its author sees it), personal data masked in its text (its author only). */
  awaitingModeration: boolean;
  maskedPersonalData: ('PHONE' | 'EMAIL')[];
}

/** The need-core fields of the need page (structured fields, photos, author). */
export const NEED_CORE_FIELDS =
  'kind affectedGroups frequency peopleRange address { label } editedAt authorPseudonym organisation { name verified } photos { position alt width height } canEdit';

// --- Participation (H2): supports, organisation backings, follows, threshold ----------------------

export interface NeedBackingData {
  organisationId: string;
  organisationName: string;
  organisationKind: OrganisationKindEnum;
  statement: string;
  backedAt: string;
}

export interface BackingOptionData {
  organisationId: string;
  name: string;
  kind: OrganisationKindEnum;
  verified: boolean;
  backs: boolean;
}

/** What NeedEngagement.svelte shows: the need page's query asks these fields too. */
export interface NeedEngagementData {
  id: string;
  reference: string;
  supportCount: number;
  supportThreshold: number;
  officialAnswerDueAt: string | null;
  viewerSupports: boolean;
  viewerFollows: boolean;
  backingCount: number;
  backings: NeedBackingData[];
  viewerBackingOptions: BackingOptionData[];
}

export const NEED_ENGAGEMENT_FIELDS =
  'id reference supportCount supportThreshold officialAnswerDueAt viewerSupports viewerFollows backingCount backings { organisationId organisationName organisationKind statement backedAt } viewerBackingOptions { organisationId name kind verified backs }';

// Comments (H3): defined here because NeedPage uses them.
const COMMENT_FIELDS = 'id body authorPseudonym organisationName isNeedAuthor isMine editable deleted createdAt editedAt';

/** What the need page asks for its comments block: the first 10 threads with their replies. */
export const NEED_COMMENTS_FIELDS = `id reference commentCount comments(first: 10) { totalCount pageInfo { hasNextPage endCursor } edges { cursor node { ${COMMENT_FIELDS} replies { ${COMMENT_FIELDS} } } } }`;

export const NeedPage = doc<{ need: (NeedDetail & NeedEngagementData & NeedCommentsData) | null }, { reference: string; viewToken?: string | null }>(
  `query NeedPage($reference: String!, $viewToken: String) { need(reference: $reference, viewToken: $viewToken) {
    reference title description status statusLabel createdAt
    commune { code name postcodes epci { name } }
    category { key label theme { key label } }
    routing { level authority { name kind website } reason routedAt }
    routings { kind note routedAt authority { name } }
    history { status label at note }
    mergedInto { reference title } mergedFrom { reference title }
    awaitingModeration maskedPersonalData
    ${NEED_CORE_FIELDS}
    ${NEED_ENGAGEMENT_FIELDS}
    ${NEED_COMMENTS_FIELDS}
    serviceFeedback { yes partly no total } viewerServiceFeedback { eligible answer }
  } }`,
);

export interface SubmitNeedInput {
  title: string;
  description: string;
  categoryKey: string;
  communeCode: string;
  /** Required without an account (the link to publish the need is emailed there). */
  authorEmail?: string | null;
  kind?: string;
  affectedGroups?: string[];
  frequency?: string | null;
  peopleRange?: string | null;
  address?: { label: string; citycode: string; lat: number; lon: number } | null;
  organisationId?: string | null;
  photos?: { token: string; alt: string }[];
  draftId?: string | null;
}

export const SubmitNeed = doc<
  { submitNeed: { reference: string; status: NeedStatusEnum; authorViewToken: string | null } },
  { input: SubmitNeedInput }
>(`mutation SubmitNeed($input: SubmitNeedInput!) { submitNeed(input: $input) { reference status authorViewToken } }`);

export const ConfirmNeed = doc<{ confirmNeed: { reference: string } }, { token: string }>(
  `mutation ConfirmNeed($token: String!) { confirmNeed(token: $token) { reference } }`,
);

// --- Accounts ---------------------------------------------------------------------------------------

export type RoleEnum = 'ADMIN' | 'MODERATOR' | 'AGENT' | 'MEDIATOR';
export type AuthorityKindEnum = 'COMMUNE' | 'EPCI' | 'POLE' | 'EXTERNAL';
export type MemberRoleEnum = 'REPRESENTATIVE' | 'MEMBER';
export type OrganisationKindEnum = 'ASSOCIATION' | 'BUSINESS' | 'SCHOOL' | 'COLLECTIVE';
export type IdentifierTypeEnum = 'SIREN' | 'SIRET' | 'RNA' | 'NONE';

export interface AuthorityRef {
  id: string;
  name: string;
  kind: AuthorityKindEnum;
}

export interface MeData {
  id: string;
  pseudonym: string;
  email: string | null;
  emailVerified: boolean;
  hasPassword: boolean;
  linkedProviders: string[];
  roles: { role: RoleEnum; authority: AuthorityRef | null }[];
}

const AUTHORITY_REF = 'id name kind';

export const Me = doc<{ me: MeData | null }>(
  `query Me { me { id pseudonym email emailVerified hasPassword linkedProviders roles { role authority { ${AUTHORITY_REF} } } } }`,
);

export interface AuthPayload {
  sessionToken: string;
  expiresAt: string;
}

export const LogIn = doc<{ logIn: AuthPayload }, { input: { email: string; password: string } }>(
  `mutation LogIn($input: LogInInput!) { logIn(input: $input) { sessionToken expiresAt } }`,
);

export const SignUp = doc<{ signUp: AuthPayload }, { input: { pseudonym: string; email: string; password: string } }>(
  `mutation SignUp($input: SignUpInput!) { signUp(input: $input) { sessionToken expiresAt } }`,
);

export const LogOut = doc<{ logOut: { loggedOut: boolean; providerLogoutUrl: string | null } }>(
  `mutation LogOut { logOut { loggedOut providerLogoutUrl } }`,
);

export const LogOutEverywhere = doc<{ logOutEverywhere: number }>(`mutation LogOutEverywhere { logOutEverywhere }`);

export const VerifyEmail = doc<{ verifyEmail: boolean }, { token: string }>(
  `mutation VerifyEmail($token: String!) { verifyEmail(token: $token) }`,
);

export const RequestPasswordReset = doc<{ requestPasswordReset: boolean }, { email: string }>(
  `mutation RequestPasswordReset($email: String!) { requestPasswordReset(email: $email) }`,
);

export const ResetPassword = doc<{ resetPassword: boolean }, { token: string; password: string }>(
  `mutation ResetPassword($token: String!, $password: String!) { resetPassword(token: $token, password: $password) }`,
);

export const UpdateProfile = doc<{ updateProfile: { pseudonym: string } }, { pseudonym: string }>(
  `mutation UpdateProfile($pseudonym: String!) { updateProfile(pseudonym: $pseudonym) { pseudonym } }`,
);

export const RequestEmailChange = doc<{ requestEmailChange: boolean }, { newEmail: string; password: string }>(
  `mutation RequestEmailChange($newEmail: String!, $password: String!) { requestEmailChange(newEmail: $newEmail, password: $password) }`,
);

export const ConfirmEmailChange = doc<{ confirmEmailChange: boolean }, { token: string }>(
  `mutation ConfirmEmailChange($token: String!) { confirmEmailChange(token: $token) }`,
);

export const ChangePassword = doc<{ changePassword: boolean }, { currentPassword: string; newPassword: string }>(
  `mutation ChangePassword($currentPassword: String!, $newPassword: String!) { changePassword(currentPassword: $currentPassword, newPassword: $newPassword) }`,
);

export interface SessionInfo {
  id: string;
  authMethod: string;
  createdAt: string;
  lastSeenAt: string;
  ip: string | null;
  userAgent: string | null;
  current: boolean;
}

export const MySessions = doc<{ mySessions: SessionInfo[] }>(
  `query MySessions { mySessions { id authMethod createdAt lastSeenAt ip userAgent current } }`,
);

export const RevokeSession = doc<{ revokeSession: boolean }, { sessionId: string }>(
  `mutation RevokeSession($sessionId: ID!) { revokeSession(sessionId: $sessionId) }`,
);

// --- Organisations -----------------------------------------------------------------------------------

export interface OrganisationData {
  id: string;
  name: string;
  kind: OrganisationKindEnum;
  identifierType: IdentifierTypeEnum;
  identifier: string | null;
  verified: boolean;
  myRole: MemberRoleEnum | null;
}

export interface OrganisationMember {
  personId: string;
  pseudonym: string;
  role: MemberRoleEnum;
  joinedAt: string;
}

const ORGANISATION = 'id name kind identifierType identifier verified myRole';

export const MyOrganisations = doc<{ myOrganisations: OrganisationData[] }>(`query MyOrganisations { myOrganisations { ${ORGANISATION} } }`);

export const OrganisationPage = doc<{ myOrganisations: OrganisationData[]; organisationMembers: OrganisationMember[] }, { organisationId: string }>(
  `query OrganisationPage($organisationId: ID!) {
    myOrganisations { ${ORGANISATION} }
    organisationMembers(organisationId: $organisationId) { personId pseudonym role joinedAt }
  }`,
);

export interface CreateOrganisationInput {
  name: string;
  kind: OrganisationKindEnum;
  identifierType: IdentifierTypeEnum;
  identifier: string | null;
}

export const CreateOrganisation = doc<{ createOrganisation: { id: string } }, { input: CreateOrganisationInput }>(
  `mutation CreateOrganisation($input: CreateOrganisationInput!) { createOrganisation(input: $input) { id } }`,
);

export const InviteToOrganisation = doc<{ inviteToOrganisation: boolean }, { organisationId: string; email: string; role: MemberRoleEnum }>(
  `mutation InviteToOrganisation($organisationId: ID!, $email: String!, $role: MemberRole!) {
    inviteToOrganisation(organisationId: $organisationId, email: $email, role: $role)
  }`,
);

export const RemoveOrganisationMember = doc<{ removeOrganisationMember: boolean }, { organisationId: string; personId: string }>(
  `mutation RemoveOrganisationMember($organisationId: ID!, $personId: ID!) { removeOrganisationMember(organisationId: $organisationId, personId: $personId) }`,
);

export const AcceptOrganisationInvitation = doc<{ acceptOrganisationInvitation: { id: string; name: string } }, { token: string }>(
  `mutation AcceptOrganisationInvitation($token: String!) { acceptOrganisationInvitation(token: $token) { id name } }`,
);

// --- Administration ----------------------------------------------------------------------------------

export interface RoleAssignmentData {
  id: string;
  role: RoleEnum;
  pseudonym: string;
  email: string | null;
  authority: AuthorityRef | null;
}

export const AdminPage = doc<{
  pendingOrganisations: OrganisationData[];
  roleAssignments: RoleAssignmentData[];
  authorities: AuthorityRef[];
}>(
  `query AdminPage {
    pendingOrganisations { ${ORGANISATION} }
    roleAssignments { id role pseudonym email authority { ${AUTHORITY_REF} } }
    authorities { ${AUTHORITY_REF} }
  }`,
);

export const VerifyOrganisation = doc<{ verifyOrganisation: { id: string; verified: boolean } }, { organisationId: string }>(
  `mutation VerifyOrganisation($organisationId: ID!) { verifyOrganisation(organisationId: $organisationId) { id verified } }`,
);

export const AssignRole = doc<{ assignRole: { id: string } }, { input: { email: string; role: RoleEnum; authorityId: string | null } }>(
  `mutation AssignRole($input: AssignRoleInput!) { assignRole(input: $input) { id } }`,
);

export const RevokeRole = doc<{ revokeRole: boolean }, { assignmentId: string }>(
  `mutation RevokeRole($assignmentId: ID!) { revokeRole(assignmentId: $assignmentId) }`,
);

// --- Participation (H2) ----------------------------------------------------------------------------

export interface NeedParticipationData {
  needId: string;
  supportCount: number;
  viewerSupports: boolean;
  viewerFollows: boolean;
  officialAnswerDueAt: string | null;
}

const PARTICIPATION = 'needId supportCount viewerSupports viewerFollows officialAnswerDueAt';

export const NeedEngagementPage = doc<{ need: (NeedEngagementData & { title: string; status: NeedStatusEnum }) | null }, { reference: string }>(
  `query NeedEngagementPage($reference: String!) { need(reference: $reference) { title status ${NEED_ENGAGEMENT_FIELDS} } }`,
);

export const SupportNeed = doc<{ supportNeed: NeedParticipationData }, { needId: string }>(
  `mutation SupportNeed($needId: ID!) { supportNeed(needId: $needId) { ${PARTICIPATION} } }`,
);

export const WithdrawSupport = doc<{ withdrawSupport: NeedParticipationData }, { needId: string }>(
  `mutation WithdrawSupport($needId: ID!) { withdrawSupport(needId: $needId) { ${PARTICIPATION} } }`,
);

export const FollowNeed = doc<{ followNeed: NeedParticipationData }, { needId: string }>(
  `mutation FollowNeed($needId: ID!) { followNeed(needId: $needId) { ${PARTICIPATION} } }`,
);

export const UnfollowNeed = doc<{ unfollowNeed: NeedParticipationData }, { needId: string }>(
  `mutation UnfollowNeed($needId: ID!) { unfollowNeed(needId: $needId) { ${PARTICIPATION} } }`,
);

export const BackNeed = doc<{ backNeed: NeedParticipationData }, { input: { needId: string; organisationId: string; statement: string } }>(
  `mutation BackNeed($input: BackNeedInput!) { backNeed(input: $input) { ${PARTICIPATION} } }`,
);

export const WithdrawBacking = doc<{ withdrawBacking: NeedParticipationData }, { needId: string; organisationId: string }>(
  `mutation WithdrawBacking($needId: ID!, $organisationId: ID!) { withdrawBacking(needId: $needId, organisationId: $organisationId) { ${PARTICIPATION} } }`,
);

export interface ParticipationSettingsData {
  authorityId: string;
  supportThreshold: number;
  answerDelayDays: number;
  firstAnswerDays: number;
  updatedAt: string | null;
}

export const ParticipationSettingsPage = doc<
  { participationSettings: ParticipationSettingsData; authorities?: AuthorityRef[] },
  { authorityId: string; withAuthorities: boolean }
>(
  `query ParticipationSettingsPage($authorityId: ID!, $withAuthorities: Boolean!) {
    participationSettings(authorityId: $authorityId) { authorityId supportThreshold answerDelayDays firstAnswerDays updatedAt }
    authorities @include(if: $withAuthorities) { ${AUTHORITY_REF} }
  }`,
);

export const AuthorityChoices = doc<{ authorities: AuthorityRef[] }>(`query AuthorityChoices { authorities { ${AUTHORITY_REF} } }`);

export const SetParticipationSettings = doc<
  { setParticipationSettings: ParticipationSettingsData },
  { authorityId: string; input: { supportThreshold: number; answerDelayDays: number; firstAnswerDays: number } }
>(
  `mutation SetParticipationSettings($authorityId: ID!, $input: ParticipationSettingsInput!) {
    setParticipationSettings(authorityId: $authorityId, input: $input) { authorityId supportThreshold answerDelayDays firstAnswerDays updatedAt }
  }`,
);

// --- Needs core (H1): drafts, similar needs, address search, edit and withdrawal -------------------

export interface SimilarNeed {
  reference: string;
  title: string;
  statusLabel: string;
  commune: { name: string };
}

export const SimilarNeeds = doc<{ similarNeeds: SimilarNeed[] }, { title: string; description: string | null; communeCode: string | null }>(
  `query SimilarNeeds($title: String!, $description: String, $communeCode: String) {
    similarNeeds(title: $title, description: $description, communeCode: $communeCode) { reference title statusLabel commune { name } }
  }`,
);

export interface GeocodedAddress {
  label: string;
  citycode: string;
  lat: number;
  lon: number;
  inTerritory: boolean;
}

export const AddressSearch = doc<{ addressSearch: { unavailable: string | null; addresses: GeocodedAddress[] } }, { q: string }>(
  `query AddressSearch($q: String!) { addressSearch(q: $q) { unavailable addresses { label citycode lat lon inTerritory } } }`,
);

export interface NeedDraftData {
  id: string;
  title: string;
  description: string;
  kind: string;
  categoryKey: string;
  communeCode: string;
  affectedGroups: string[];
  frequency: string;
  peopleRange: string;
  address: { label: string; lat: number; lon: number } | null;
  addressCitycode: string | null;
  organisationId: string;
  photos: { token: string; alt: string }[];
  updatedAt: string;
}

const NEED_DRAFT = 'id title description kind categoryKey communeCode affectedGroups frequency peopleRange address { label lat lon } addressCitycode organisationId photos { token alt } updatedAt';

export const NeedDraft = doc<{ needDraft: NeedDraftData | null }, { id: string }>(`query NeedDraft($id: ID!) { needDraft(id: $id) { ${NEED_DRAFT} } }`);

export interface NeedDraftInputData {
  title?: string | null;
  description?: string | null;
  kind?: string | null;
  categoryKey?: string | null;
  communeCode?: string | null;
  affectedGroups?: string[];
  frequency?: string | null;
  peopleRange?: string | null;
  address?: { label: string; citycode: string; lat: number; lon: number } | null;
  organisationId?: string | null;
  photos?: { token: string; alt: string }[];
}

export const SaveNeedDraft = doc<{ saveNeedDraft: { id: string } }, { draftId: string | null; input: NeedDraftInputData }>(
  `mutation SaveNeedDraft($draftId: ID, $input: NeedDraftInput!) { saveNeedDraft(draftId: $draftId, input: $input) { id } }`,
);

export const DeleteNeedDraft = doc<{ deleteNeedDraft: boolean }, { id: string }>(`mutation DeleteNeedDraft($id: ID!) { deleteNeedDraft(id: $id) }`);

export const MyNeedsPage = doc<{ myNeedDrafts: { id: string; title: string; updatedAt: string }[]; myNeeds: NeedConnection }, { first: number }>(
  `query MyNeedsPage($first: Int!) {
    myNeedDrafts { id title updatedAt }
    myNeeds(first: $first) { edges { cursor node { ${NEED_SUMMARY} } } pageInfo { hasNextPage endCursor } totalCount }
  }`,
);

export interface EditableNeed {
  reference: string;
  title: string;
  description: string;
  kind: 'NEED' | 'IDEA';
  affectedGroups: string[];
  frequency: string | null;
  peopleRange: string | null;
  status: NeedStatusEnum;
  canEdit: boolean;
}

export const EditableNeedPage = doc<{ need: EditableNeed | null }, { reference: string }>(
  `query EditableNeedPage($reference: String!) { need(reference: $reference) { reference title description kind affectedGroups frequency peopleRange status canEdit } }`,
);

export const UpdateNeed = doc<
  { updateNeed: { reference: string } },
  { reference: string; input: { title: string; description: string; kind: string; affectedGroups: string[]; frequency: string | null; peopleRange: string | null } }
>(`mutation UpdateNeed($reference: String!, $input: UpdateNeedInput!) { updateNeed(reference: $reference, input: $input) { reference } }`);

export const WithdrawNeed = doc<{ withdrawNeed: { reference: string } }, { reference: string; reason: string | null }>(
  `mutation WithdrawNeed($reference: String!, $reason: String) { withdrawNeed(reference: $reference, reason: $reason) { reference } }`,
);

export const NeedFormOrganisations = doc<{ myOrganisations: { id: string; name: string; verified: boolean; myRole: MemberRoleEnum | null }[] }>(
  `query NeedFormOrganisations { myOrganisations { id name verified myRole } }`,
);

export const NeedPhotoPage = doc<{ need: { reference: string; title: string; photos: { position: number; alt: string; width: number; height: number }[] } | null }, { reference: string }>(
  `query NeedPhotoPage($reference: String!) { need(reference: $reference) { reference title photos { position alt width height } } }`,
);

// --- Comments and notifications (H3) ----------------------------------------------------------------

export interface CommentData {
  id: string;
  body: string | null;
  authorPseudonym: string | null;
  organisationName: string | null;
  isNeedAuthor: boolean;
  isMine: boolean;
  editable: boolean;
  deleted: boolean;
  createdAt: string;
  editedAt: string | null;
}

export interface CommentThread extends CommentData {
  replies: CommentData[];
}

export interface NeedCommentsData {
  id: string;
  reference: string;
  commentCount: number;
  comments: { totalCount: number; pageInfo: { hasNextPage: boolean; endCursor: string | null }; edges: { cursor: string; node: CommentThread }[] };
}

export const NeedCommentsPage = doc<
  { need: (NeedCommentsData & { title: string; status: NeedStatusEnum }) | null },
  { reference: string; first: number; after: string | null }
>(
  `query NeedCommentsPage($reference: String!, $first: Int!, $after: String) { need(reference: $reference) {
    id reference title status commentCount
    comments(first: $first, after: $after) { totalCount pageInfo { hasNextPage endCursor } edges { cursor node { ${COMMENT_FIELDS} replies { ${COMMENT_FIELDS} } } } }
  } }`,
);

export const CommentOrganisations = doc<{ myOrganisations: { id: string; name: string; myRole: MemberRoleEnum | null }[] }>(
  `query CommentOrganisations { myOrganisations { id name myRole } }`,
);

export const PostComment = doc<{ postComment: { id: string; body: string | null } }, { needId: string; body: string; parentId: string | null; organisationId: string | null }>(
  `mutation PostComment($needId: ID!, $body: String!, $parentId: ID, $organisationId: ID) { postComment(needId: $needId, body: $body, parentId: $parentId, organisationId: $organisationId) { id body } }`,
);

export const EditComment = doc<{ editComment: { id: string } }, { commentId: string; body: string }>(
  `mutation EditComment($commentId: ID!, $body: String!) { editComment(commentId: $commentId, body: $body) { id } }`,
);

export const DeleteComment = doc<{ deleteComment: { id: string } }, { commentId: string }>(
  `mutation DeleteComment($commentId: ID!) { deleteComment(commentId: $commentId) { id } }`,
);

export type CommentReportReasonEnum = 'SPAM' | 'ABUSE' | 'PERSONAL_DATA' | 'OFF_TOPIC' | 'OTHER';

export const ReportComment = doc<{ reportComment: boolean }, { commentId: string; reason: CommentReportReasonEnum; detail: string | null }>(
  `mutation ReportComment($commentId: ID!, $reason: CommentReportReason!, $detail: String) { reportComment(commentId: $commentId, reason: $reason, detail: $detail) }`,
);

export type NotificationModeEnum = 'IMMEDIATE' | 'DIGEST' | 'OFF';

export const MyNotificationSettings = doc<{ myNotificationSettings: { mode: NotificationModeEnum; canReceive: boolean } }>(
  `query MyNotificationSettings { myNotificationSettings { mode canReceive } }`,
);

export const SetNotificationMode = doc<{ setNotificationMode: { mode: NotificationModeEnum } }, { mode: NotificationModeEnum }>(
  `mutation SetNotificationMode($mode: NotificationMode!) { setNotificationMode(mode: $mode) { mode } }`,
);

export const UnsubscribeNotifications = doc<{ unsubscribeNotifications: boolean }, { token: string }>(
  `mutation UnsubscribeNotifications($token: String!) { unsubscribeNotifications(token: $token) }`,
);


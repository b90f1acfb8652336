// GraphQL documents of the agents' inbox (/collectivite) and its bulk status change.
// Validated against apps/api/schema.gql by operations.spec.ts.
import { doc, type AuthorityRef, type NeedStatusEnum } from './operations';

export type InboxSortEnum = 'NEWEST' | 'OLDEST' | 'MOST_SUPPORTED' | 'DUE_SOONEST';
export type NeedChannelEnum = 'WEB' | 'GUICHET' | 'FRANCE_SERVICES' | 'TELEPHONE' | 'COURRIER' | 'EMAIL';

export interface InboxFilter {
  statuses?: NeedStatusEnum[];
  themeKey?: string;
  communeCode?: string;
  overdue?: boolean;
  thresholdReached?: boolean;
  /** ME, NONE or a person's id. */
  assignee?: string;
  channel?: NeedChannelEnum;
}

export interface InboxItem {
  reference: string;
  title: string;
  status: NeedStatusEnum;
  statusLabel: string;
  category: { label: string; theme: { label: string } };
  commune: { name: string };
  createdAt: string;
  supportCount: number;
  thresholdReached: boolean;
  overdue: boolean;
  answerDueAt: string | null;
  channel: NeedChannelEnum;
  channelLabel: string;
  assignee: { id: string; pseudonym: string } | null;
  coAssigned: boolean;
}

export interface InboxCounts {
  total: number;
  overdue: number;
  unassigned: number;
  thresholdReached: number;
  byStatus: { status: NeedStatusEnum; label: string; count: number }[];
}

export const InboxPage = doc<
  {
    authorityInbox: { totalCount: number; pageInfo: { hasNextPage: boolean; endCursor: string | null }; edges: { node: InboxItem }[] };
    authorityInboxCounts: InboxCounts;
    answerTemplates: { id: string; title: string; status: NeedStatusEnum | null }[];
    authorityStaff: { id: string; displayName: string }[];
    themes: { key: string; label: string }[];
    communes: { code: string; name: string }[];
    authorities?: AuthorityRef[];
  },
  { authorityId: string; filter: InboxFilter; q: string | null; sort: InboxSortEnum; first: number; after: string | null; withAuthorities: boolean }
>(
  `query InboxPage($authorityId: ID!, $filter: InboxFilter, $q: String, $sort: InboxSort, $first: Int, $after: String, $withAuthorities: Boolean!) {
    authorityInbox(authorityId: $authorityId, filter: $filter, q: $q, sort: $sort, first: $first, after: $after) {
      totalCount
      pageInfo { hasNextPage endCursor }
      edges { node {
        reference title status statusLabel category { label theme { label } } commune { name } createdAt
        supportCount thresholdReached overdue answerDueAt channel channelLabel assignee { id pseudonym } coAssigned
      } }
    }
    authorityInboxCounts(authorityId: $authorityId) { total overdue unassigned thresholdReached byStatus { status label count } }
    answerTemplates(authorityId: $authorityId) { id title status }
    authorityStaff(authorityId: $authorityId) { id displayName }
    themes { key label }
    communes { code name }
    authorities @include(if: $withAuthorities) { id name kind }
  }`,
);

export const InboxBulkChange = doc<
  { bulkChangeNeedStatus: { reference: string; status: NeedStatusEnum }[] },
  { input: { references: string[]; status: NeedStatusEnum; templateId?: string | null; answer?: string | null; reason?: string | null; outsideBody?: string | null } }
>(
  `mutation InboxBulkChange($input: BulkChangeNeedStatusInput!) {
    bulkChangeNeedStatus(input: $input) { reference status }
  }`,
);

// GraphQL documents of the inbox CSV exports (/collectivite/exports), and the inbox's URL filters read
// the way the inbox page writes them. Validated against apps/api/schema.gql by operations.spec.ts.
import { NeedStatus, isNeedChannel, isNeedStatus } from '@pit/domain';
import { doc, type NeedStatusEnum } from './operations';
import type { InboxFilter, NeedChannelEnum } from './ops-inbox';

export type InboxExportStatusEnum = 'QUEUED' | 'RUNNING' | 'DONE' | 'FAILED';

export interface InboxExportData {
  id: string;
  authorityName: string;
  status: InboxExportStatusEnum;
  rowsDone: number;
  rowsTotal: number | null;
  q: string | null;
  filter: string;
  error: string | null;
  createdAt: string;
  expiresAt: string | null;
  expired: boolean;
  downloadToken: string | null;
  fileName: string;
}

const EXPORT = 'id authorityName status rowsDone rowsTotal q filter error createdAt expiresAt expired downloadToken fileName';

export const MyInboxExports = doc<{ myInboxExports: InboxExportData[] }>(`query MyInboxExports { myInboxExports { ${EXPORT} } }`);

export const RequestInboxExport = doc<{ requestInboxExport: { id: string } }, { authorityId: string; filter: InboxFilter; q: string | null }>(
  `mutation RequestInboxExport($authorityId: ID!, $filter: InboxFilter, $q: String) {
    requestInboxExport(authorityId: $authorityId, filter: $filter, q: $q) { id }
  }`,
);

/** The inbox's filter parameters (French names), in the order they are kept in links. */
export const INBOX_FILTER_PARAMS = ['q', 'statut', 'theme', 'commune', 'retard', 'seuil', 'assigne', 'canal'] as const;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The inbox URL's filters (?statut=…&theme=…&q=…) as the API's InboxFilter and search text. */
export function inboxFilterFromParams(params: URLSearchParams): { filter: InboxFilter; q: string | null } {
  const get = (name: string) => params.get(name)?.slice(0, 200).trim() ?? '';
  const filter: InboxFilter = {};
  const statuses = [...new Set(params.getAll('statut').filter((value) => isNeedStatus(value) && value !== NeedStatus.PendingConfirmation))];
  if (statuses.length) filter.statuses = statuses.map((status) => status.toUpperCase() as NeedStatusEnum);
  if (/^[a-z_]{1,60}$/.test(get('theme'))) filter.themeKey = get('theme');
  if (/^\d[\dAB]\d{3}$/.test(get('commune'))) filter.communeCode = get('commune');
  if (get('retard') === 'oui') filter.overdue = true;
  if (get('seuil') === 'oui') filter.thresholdReached = true;
  const assignee = get('assigne');
  if (assignee === 'moi') filter.assignee = 'ME';
  else if (assignee === 'personne') filter.assignee = 'NONE';
  else if (UUID.test(assignee)) filter.assignee = assignee;
  if (isNeedChannel(get('canal'))) filter.channel = get('canal').toUpperCase() as NeedChannelEnum;
  return { filter, q: get('q') || null };
}

export const ExportsPage = doc<
  {
    myInboxExports: InboxExportData[];
    themes: { key: string; label: string }[];
    communes: { code: string; name: string }[];
    authorities?: { id: string; name: string; kind: string }[];
  },
  { withAuthorities: boolean }
>(
  `query ExportsPage($withAuthorities: Boolean!) {
    myInboxExports { ${EXPORT} }
    themes { key label }
    communes { code name }
    authorities @include(if: $withAuthorities) { id name kind }
  }`,
);

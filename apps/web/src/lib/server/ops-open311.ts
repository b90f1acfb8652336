// GraphQL documents of the admins' Open311 API keys page (/admin/open311). Validated against apps/api/schema.gql by operations.spec.ts.
import { doc } from './operations';

export interface Open311KeyData {
  id: string;
  partnerName: string;
  prefix: string;
  createdAt: string;
  createdBy: string | null;
  revokedAt: string | null;
  lastUsedAt: string | null;
  requestCount: number;
}

const KEY = 'id partnerName prefix createdAt createdBy revokedAt lastUsedAt requestCount';

export const Open311KeysPage = doc<{ open311Keys: Open311KeyData[] }>(`query Open311KeysPage { open311Keys { ${KEY} } }`);

export const IssueOpen311Key = doc<{ issueOpen311Key: { secret: string; key: Open311KeyData } }, { partnerName: string }>(
  `mutation IssueOpen311Key($partnerName: String!) { issueOpen311Key(partnerName: $partnerName) { secret key { ${KEY} } } }`,
);

export const RevokeOpen311Key = doc<{ revokeOpen311Key: Open311KeyData }, { id: string }>(
  `mutation RevokeOpen311Key($id: ID!) { revokeOpen311Key(id: $id) { ${KEY} } }`,
);

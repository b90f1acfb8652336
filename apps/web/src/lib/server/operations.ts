// GraphQL documents the web sends, with their result types written by hand
// against docs/graphql-contract.md (codegen from apps/api/schema.gql may replace them).

export interface TypedDocument<TData, TVars> {
  query: string;
  /** Phantom fields: carry the types only. */
  readonly __data?: TData;
  readonly __vars?: TVars;
}

const doc = <TData, TVars = Record<string, never>>(query: string): TypedDocument<TData, TVars> => ({ query });

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
  | 'HIDDEN';

export interface NeedFilter {
  communeCode?: string;
  epciCode?: string;
  themeKey?: string;
  status?: NeedStatusEnum;
}

export interface NeedSummary {
  reference: string;
  title: string;
  status: NeedStatusEnum;
  statusLabel: string;
  createdAt: string;
  commune: { name: string };
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

const NEED_SUMMARY = 'reference title status statusLabel createdAt commune { name }';
const COMMUNE_OPTION = 'code name postcodes delegatedCommunes epci { name }';

export const HomeNeeds = doc<{ needs: NeedConnection }, { first: number }>(
  `query HomeNeeds($first: Int!) { needs(first: $first) { edges { cursor node { ${NEED_SUMMARY} } } pageInfo { hasNextPage endCursor } totalCount } }`,
);

export const NeedsPage = doc<
  { needs: NeedConnection; communes: CommuneOption[]; themes: { key: string; label: string }[] },
  { filter: NeedFilter; first: number; after: string | null }
>(
  `query NeedsPage($filter: NeedFilter, $first: Int!, $after: String) {
    needs(filter: $filter, first: $first, after: $after) { edges { cursor node { ${NEED_SUMMARY} } } pageInfo { hasNextPage endCursor } totalCount }
    communes { ${COMMUNE_OPTION} }
    themes { key label }
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
  history: { status: NeedStatusEnum; label: string; at: string; note: string | null }[];
}

export const NeedPage = doc<{ need: NeedDetail | null }, { reference: string }>(
  `query NeedPage($reference: String!) { need(reference: $reference) {
    reference title description status statusLabel createdAt
    commune { code name postcodes epci { name } }
    category { key label theme { key label } }
    routing { level authority { name kind website } reason routedAt }
    history { status label at note }
  } }`,
);

export interface SubmitNeedInput {
  title: string;
  description: string;
  categoryKey: string;
  communeCode: string;
}

export const SubmitNeed = doc<{ submitNeed: { reference: string; status: NeedStatusEnum } }, { input: SubmitNeedInput }>(
  `mutation SubmitNeed($input: SubmitNeedInput!) { submitNeed(input: $input) { reference status } }`,
);

// GraphQL documents of the admins' routing rules page (/admin/routage). Validated against apps/api/schema.gql by operations.spec.ts.
import { doc } from './operations';

export type CompetenceLevelEnum = 'COMMUNE' | 'EPCI' | 'POLE' | 'EXTERNAL';

/** French names of the levels, in the order the form offers them. */
export const LEVEL_LABELS: Record<CompetenceLevelEnum, string> = {
  COMMUNE: 'Commune',
  EPCI: 'Intercommunalité (EPCI)',
  POLE: 'Pôle métropolitain',
  EXTERNAL: 'Organisme extérieur',
};

export interface RoutingRuleData {
  id: string;
  level: CompetenceLevelEnum;
  sentence: string;
  toVerify: boolean;
  updatedAt: string;
  category: { key: string; label: string; theme: { key: string; label: string } };
  epci: { code: string; name: string };
  commune: { code: string; name: string } | null;
  externalAuthority: { id: string; name: string } | null;
}

export interface SaveRoutingRuleInput {
  id: string | null;
  categoryKey: string;
  epciCode: string;
  communeCode: string | null;
  level: CompetenceLevelEnum;
  sentence: string;
  externalAuthorityId: string | null;
}

const RULE = 'id level sentence toVerify updatedAt category { key label theme { key label } } epci { code name } commune { code name } externalAuthority { id name }';

export const RoutingRulesPage = doc<
  {
    routingRules: RoutingRuleData[];
    epcis: { code: string; name: string }[];
    externals: { id: string; name: string }[];
    themes: { key: string; label: string; categories: { key: string; label: string }[] }[];
  },
  { epciCode: string | null; themeKey: string | null }
>(
  `query RoutingRulesPage($epciCode: String, $themeKey: String) {
    routingRules(epciCode: $epciCode, themeKey: $themeKey) { ${RULE} }
    epcis: authorities(kind: EPCI) { code name }
    externals: authorities(kind: EXTERNAL) { id name }
    themes { key label categories { key label } }
  }`,
);

export const SaveRoutingRule = doc<{ saveRoutingRule: RoutingRuleData }, { input: SaveRoutingRuleInput }>(
  `mutation SaveRoutingRule($input: SaveRoutingRuleInput!) { saveRoutingRule(input: $input) { ${RULE} } }`,
);

export const DeleteRoutingRule = doc<{ deleteRoutingRule: boolean }, { id: string }>(`mutation DeleteRoutingRule($id: ID!) { deleteRoutingRule(id: $id) }`);

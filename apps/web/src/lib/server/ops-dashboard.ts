// GraphQL documents of the public dashboard (issue 7 item 1), read by /tableau-de-bord and its data pages.
// Validated against apps/api/schema.gql by operations.spec.ts.
import { doc, type NeedStatusEnum } from './operations';

export interface DashboardCount {
  key: string;
  label: string;
  count: number;
}

export interface DashboardCommune {
  code: string;
  name: string;
  epciName: string;
  population: number | null;
  count: number;
  perThousand: number | null;
  assistedCount: number;
  assistedShare: number | null;
}

export interface DashboardCategory {
  key: string;
  label: string;
  themeLabel: string;
  count: number;
  perThousand: number | null;
}

export interface DashboardCategoryFigures {
  epciSiren: string | null;
  epciName: string | null;
  population: number | null;
  items: DashboardCategory[];
}

export interface DashboardTheme {
  key: string;
  label: string;
  categories: Array<{ key: string; label: string }>;
}

export interface DashboardMonth {
  month: string;
  submitted: number;
  answered: number;
}

export const DashboardOverview = doc<{
  dashboard: { publicNeedCount: number; byStatus: { status: NeedStatusEnum; label: string; count: number }[]; byTheme: DashboardCount[]; byEpci: DashboardCount[] };
}>(`query DashboardOverview { dashboard { publicNeedCount byStatus { status label count } byTheme { key label count } byEpci { key label count } } }`);

export const DashboardCommunes = doc<
  { dashboard: { byCommune: { totalCount: number; items: DashboardCommune[] } }; themes: DashboardTheme[] },
  { first: number; offset: number; themeKey: string | null; categoryKey: string | null }
>(
  `query DashboardCommunes($first: Int, $offset: Int, $themeKey: String, $categoryKey: String) { dashboard {
    byCommune(first: $first, offset: $offset, themeKey: $themeKey, categoryKey: $categoryKey) {
    totalCount items { code name epciName population count perThousand assistedCount assistedShare } } } themes { key label categories { key label } } }`,
);

export const DashboardCategories = doc<
  { dashboard: { byCategory: DashboardCategoryFigures; byEpci: DashboardCount[] }; themes: DashboardTheme[] },
  { epciSiren: string | null }
>(
  `query DashboardCategories($epciSiren: String) { dashboard { byCategory(epciSiren: $epciSiren) {
    epciSiren epciName population items { key label themeLabel count perThousand } } byEpci { key label count } } themes { key label categories { key label } } }`,
);

export const DashboardMonthly = doc<{ dashboard: { monthly: DashboardMonth[] } }>(`query DashboardMonthly { dashboard { monthly { month submitted answered } } }`);

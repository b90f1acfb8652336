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

export interface DashboardMonth {
  month: string;
  submitted: number;
  answered: number;
}

export const DashboardOverview = doc<{
  dashboard: { publicNeedCount: number; byStatus: { status: NeedStatusEnum; label: string; count: number }[]; byTheme: DashboardCount[]; byEpci: DashboardCount[] };
}>(`query DashboardOverview { dashboard { publicNeedCount byStatus { status label count } byTheme { key label count } byEpci { key label count } } }`);

export const DashboardCommunes = doc<
  { dashboard: { byCommune: { totalCount: number; items: DashboardCommune[] } }; themes: Array<{ key: string; label: string }> },
  { first: number; offset: number; themeKey: string | null }
>(
  `query DashboardCommunes($first: Int, $offset: Int, $themeKey: String) { dashboard { byCommune(first: $first, offset: $offset, themeKey: $themeKey) {
    totalCount items { code name epciName population count perThousand assistedCount assistedShare } } } themes { key label } }`,
);

export const DashboardMonthly = doc<{ dashboard: { monthly: DashboardMonth[] } }>(`query DashboardMonthly { dashboard { monthly { month submitted answered } } }`);

// The charts of the public dashboard and the data behind each one: the same rows feed the SVG, the accessible
// table (/tableau-de-bord/donnees/<chart>) and the CSV (/tableau-de-bord/donnees/<chart>.csv).
import { error } from '@sveltejs/kit';
import { ApiError, type GraphQLClient } from './api';
import { apiFailure } from './failures';
import { DashboardCommunes, DashboardMonthly, DashboardOverview, type DashboardCommune, type DashboardCount, type DashboardMonth } from './ops-dashboard';
import { barChart, formatNumber, lineChart, type BarDatum } from './svg-chart';

export interface ChartData {
  /** URL segment: /tableau-de-bord/donnees/<name>. */
  name: string;
  title: string;
  /** A sentence read by screen readers in place of the picture: every value. */
  desc: string;
  header: string[];
  rows: Array<Array<string | number>>;
  /** Where the chart is shown. */
  page: string;
  /** The bars of a bar chart: label and value. */
  bars: BarDatum[];
}

export const CHART_NAMES = ['statuts', 'themes', 'intercommunalites', 'evolution', 'communes'] as const;
export type ChartName = (typeof CHART_NAMES)[number];

export function isChartName(value: string): value is ChartName {
  return (CHART_NAMES as readonly string[]).includes(value);
}

const listed = (items: Array<{ label: string; count: number }>) => items.map((item) => `${item.label} : ${formatNumber(item.count)}`).join(' ; ');

export function statusChart(byStatus: Array<{ label: string; count: number }>): ChartData {
  return {
    name: 'statuts',
    title: 'Besoins publics par statut',
    desc: byStatus.length ? `Nombre de besoins publics dans chaque statut. ${listed(byStatus)}.` : 'Aucun besoin public pour l’instant.',
    header: ['Statut', 'Besoins publics'],
    rows: byStatus.map((item) => [item.label, item.count]),
    page: '/tableau-de-bord',
    bars: byStatus.map((item) => ({ label: item.label, value: item.count })),
  };
}

export function themeChart(byTheme: DashboardCount[]): ChartData {
  return {
    name: 'themes',
    title: 'Besoins publics par thème',
    desc: `Nombre de besoins publics de chaque thème. ${listed(byTheme)}.`,
    header: ['Thème', 'Besoins publics'],
    rows: byTheme.map((item) => [item.label, item.count]),
    page: '/tableau-de-bord',
    bars: byTheme.map((item) => ({ label: item.label, value: item.count })),
  };
}

export function epciChart(byEpci: DashboardCount[]): ChartData {
  return {
    name: 'intercommunalites',
    title: 'Besoins publics par intercommunalité',
    desc: `Nombre de besoins publics des communes de chaque intercommunalité. ${listed(byEpci)}.`,
    header: ['Intercommunalité', 'SIREN', 'Besoins publics'],
    rows: byEpci.map((item) => [item.label, item.key, item.count]),
    page: '/tableau-de-bord',
    bars: byEpci.map((item) => ({ label: item.label, value: item.count })),
  };
}

const MONTH_LONG = new Intl.DateTimeFormat('fr-FR', { month: 'long', year: 'numeric', timeZone: 'UTC' });
const MONTH_SHORT = new Intl.DateTimeFormat('fr-FR', { month: 'short', timeZone: 'UTC' });
const monthDate = (month: string) => new Date(`${month}-01T00:00:00Z`);
export const monthLong = (month: string) => MONTH_LONG.format(monthDate(month));
export const monthShort = (month: string) => `${MONTH_SHORT.format(monthDate(month))} ${month.slice(2, 4)}`;

export function monthlyChart(monthly: DashboardMonth[]): ChartData {
  return {
    name: 'evolution',
    title: 'Besoins déposés et premières réponses, mois par mois',
    desc: `Sur les ${monthly.length} derniers mois, le nombre de besoins publics déposés et le nombre de besoins ayant reçu une première réponse de leur collectivité. ${monthly
      .map((m) => `${monthLong(m.month)} : ${m.submitted} déposés, ${m.answered} premières réponses`)
      .join(' ; ')}.`,
    header: ['Mois', 'Besoins déposés', 'Premières réponses'],
    rows: monthly.map((m) => [m.month, m.submitted, m.answered]),
    page: '/tableau-de-bord/evolution',
    bars: [],
  };
}

const share = (value: number | null) => (value === null ? '' : formatNumber(value));

export function communeChart(items: DashboardCommune[], caption = ''): ChartData {
  return {
    name: 'communes',
    title: `Besoins publics pour 1 000 habitants par commune${caption}`,
    // With a theme (caption says which), the needs of that theme only.
    desc: `Nombre de besoins publics pour 1 000 habitants (population légale), du plus élevé au plus faible. ${items
      .map((row) => `${row.name} : ${row.perThousand === null ? 'population inconnue' : formatNumber(row.perThousand)}`)
      .join(' ; ')}.`,
    header: ['Commune', 'Code INSEE', 'Intercommunalité', 'Population', 'Besoins publics', 'Pour 1 000 habitants', 'Dont reçus hors du site', 'Part hors du site (%)'],
    rows: items.map((row) => [row.name, row.code, row.epciName, row.population ?? '', row.count, share(row.perThousand), row.assistedCount, share(row.assistedShare)]),
    page: '/tableau-de-bord/communes',
    bars: items.map((row) => ({ label: row.name, value: row.perThousand ?? 0 })),
  };
}

export function barSvg(chart: ChartData, labelWidth?: number): string {
  return barChart(chart.bars, { id: `chart-${chart.name}`, title: chart.title, desc: chart.desc, labelWidth });
}

export function monthlySvg(chart: ChartData, monthly: DashboardMonth[]): string {
  return lineChart(
    monthly.map((m) => monthShort(m.month)),
    [
      { name: 'Besoins déposés', values: monthly.map((m) => m.submitted), style: 'solid' },
      { name: 'Premières réponses', values: monthly.map((m) => m.answered), style: 'dashed' },
    ],
    { id: `chart-${chart.name}`, title: chart.title, desc: chart.desc, width: 720 },
  );
}

/** A theme key from the URL (?theme=waste), or null; the api refuses an unknown one. */
export function themeParam(params: URLSearchParams): string | null {
  const theme = params.get('theme')?.trim() ?? '';
  return /^[a-z_]{1,60}$/.test(theme) ? theme : null;
}

/** The communes of a page (all 65 with first = 100), filtered by theme; a theme that does not exist is a 404. */
export async function loadCommunes(api: GraphQLClient, themeKey: string | null, first: number, offset: number) {
  const data = await api(DashboardCommunes, { first, offset, themeKey }).catch((e: unknown) => {
    if (e instanceof ApiError && e.isBadUserInput) error(404, 'Ce thème n’existe pas.');
    return apiFailure(e);
  });
  const theme = themeKey ? (data.themes.find((item) => item.key === themeKey) ?? null) : null;
  return { ...data.dashboard.byCommune, themes: data.themes, theme };
}

/** The data of one chart, whole (the communes: all of them, of ?theme= if given), for its table page and its CSV. */
export async function loadChart(api: GraphQLClient, name: ChartName, params: URLSearchParams = new URLSearchParams()): Promise<ChartData> {
  if (name === 'evolution') return monthlyChart((await api(DashboardMonthly).catch(apiFailure)).dashboard.monthly);
  if (name === 'communes') {
    const communes = await loadCommunes(api, themeParam(params), 100, 0);
    return communeChart(communes.items, communes.theme ? ` : ${communes.theme.label}` : '');
  }
  const { dashboard } = await api(DashboardOverview).catch(apiFailure);
  if (name === 'statuts') return statusChart(dashboard.byStatus);
  if (name === 'themes') return themeChart(dashboard.byTheme);
  return epciChart(dashboard.byEpci);
}

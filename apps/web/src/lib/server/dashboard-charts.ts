// The charts of the public dashboard and the data behind each one: the same rows feed the SVG, the accessible
// table (/tableau-de-bord/donnees/<chart>) and the CSV (/tableau-de-bord/donnees/<chart>.csv).
import { error } from '@sveltejs/kit';
import { ApiError, type GraphQLClient } from './api';
import { apiFailure } from './failures';
import {
  DashboardCategories,
  DashboardCommunes,
  DashboardMonthly,
  DashboardOverview,
  type DashboardCategoryFigures,
  type DashboardCommune,
  type DashboardCount,
  type DashboardMonth,
} from './ops-dashboard';
import { barChart, formatNumber, lineChart, type BarDatum } from './svg-chart';

export interface ChartData {
  /** URL segment: /tableau-de-bord/donnees/<name>. */
  name: string;
  title: string;
  /** A sentence read by screen readers in place of the picture: every value. */
  desc: string;
  header: string[];
  rows: Array<Array<string | number>>;
  /** Where the chart is shown (with its filter). */
  page: string;
  /** The chart's filter as a query string ('' or e.g. '?theme=waste'), kept by the links to its table and CSV. */
  query?: string;
  /** The bars of a bar chart: label and value. */
  bars: BarDatum[];
  /** Decimals of the values (default 1). */
  digits?: number;
}

export const CHART_NAMES = ['statuts', 'themes', 'intercommunalites', 'evolution', 'communes', 'categories'] as const;
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

export function communeChart(items: DashboardCommune[], caption = '', query = ''): ChartData {
  return {
    name: 'communes',
    title: `Besoins publics pour 1 000 habitants par commune${caption}`,
    // With a theme (caption says which), the needs of that theme only.
    desc: `Nombre de besoins publics pour 1 000 habitants (population légale), du plus élevé au plus faible. ${items
      .map((row) => `${row.name} : ${row.perThousand === null ? 'population inconnue' : formatNumber(row.perThousand)}`)
      .join(' ; ')}.`,
    header: ['Commune', 'Code INSEE', 'Intercommunalité', 'Population', 'Besoins publics', 'Pour 1 000 habitants', 'Dont reçus hors du site', 'Part hors du site (%)'],
    rows: items.map((row) => [row.name, row.code, row.epciName, row.population ?? '', row.count, share(row.perThousand), row.assistedCount, share(row.assistedShare)]),
    page: `/tableau-de-bord/communes${query}`,
    query,
    bars: items.map((row) => ({ label: row.name, value: row.perThousand ?? 0 })),
  };
}

/** Needs per 1,000 inhabitants by category, in the whole territory or in one EPCI (two decimals: small rates). */
export function categoryChart(figures: DashboardCategoryFigures): ChartData {
  const query = figures.epciSiren ? `?epci=${figures.epciSiren}` : '';
  const rate = (value: number | null) => (value === null ? '' : formatNumber(value, 2));
  const population = figures.population === null ? 'inconnue' : `${formatNumber(figures.population)} habitants`;
  return {
    name: 'categories',
    title: `Besoins publics pour 1 000 habitants par catégorie : ${figures.epciName ?? 'tout le territoire'}`,
    desc: `Nombre de besoins publics de chaque catégorie pour 1 000 habitants (population légale : ${population}), de la catégorie la plus demandée à la moins demandée. ${figures.items
      .map((row) => `${row.label} : ${row.perThousand === null ? 'population inconnue' : rate(row.perThousand)}`)
      .join(' ; ')}.`,
    header: ['Catégorie', 'Thème', 'Besoins publics', 'Pour 1 000 habitants'],
    rows: figures.items.map((row) => [row.label, row.themeLabel, row.count, rate(row.perThousand)]),
    page: `/tableau-de-bord/categories${query}`,
    query,
    bars: figures.items.map((row) => ({ label: row.label, value: row.perThousand ?? 0 })),
    digits: 2,
  };
}

export function barSvg(chart: ChartData, labelWidth?: number): string {
  return barChart(chart.bars, { id: `chart-${chart.name}`, title: chart.title, desc: chart.desc, labelWidth, digits: chart.digits });
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

/** A category key from the URL (?categorie=schools), or null; the api refuses an unknown one. */
export function categoryParam(params: URLSearchParams): string | null {
  const category = params.get('categorie')?.trim() ?? '';
  return /^[a-z_]{1,60}$/.test(category) ? category : null;
}

/** An EPCI's SIREN from the URL (?epci=244900015), or null; the api refuses one outside the territory. */
export function epciParam(params: URLSearchParams): string | null {
  const siren = params.get('epci')?.trim() ?? '';
  return /^\d{9}$/.test(siren) ? siren : null;
}

/** The query string of the communes' filter, a page number after it ('' without any). */
export function communesQuery(themeKey: string | null, categoryKey: string | null, page = 1): string {
  const params = new URLSearchParams();
  if (themeKey) params.set('theme', themeKey);
  if (categoryKey) params.set('categorie', categoryKey);
  if (page > 1) params.set('page', String(page));
  return params.size ? `?${params}` : '';
}

const notFound = (message: string) => (e: unknown) => {
  if (e instanceof ApiError && e.isBadUserInput) error(404, message);
  return apiFailure(e);
};

/**
 * The communes of a page (all 65 with first = 100), filtered by theme and/or category; a theme or category that does
 * not exist is a 404.
 */
export async function loadCommunes(api: GraphQLClient, themeKey: string | null, first: number, offset: number, categoryKey: string | null = null) {
  const data = await api(DashboardCommunes, { first, offset, themeKey, categoryKey }).catch(notFound('Ce thème ou cette catégorie n’existe pas.'));
  const theme = themeKey ? (data.themes.find((item) => item.key === themeKey) ?? null) : null;
  const category = categoryKey ? (data.themes.flatMap((item) => item.categories).find((item) => item.key === categoryKey) ?? null) : null;
  const caption = [theme?.label, category?.label].filter(Boolean).join(', ');
  return { ...data.dashboard.byCommune, themes: data.themes, theme, category, caption: caption ? ` : ${caption}` : '' };
}

/** Needs per category in the territory or one EPCI (null); an EPCI outside the territory is a 404. */
export async function loadCategories(api: GraphQLClient, epciSiren: string | null) {
  const data = await api(DashboardCategories, { epciSiren }).catch(notFound('Cette intercommunalité n’est pas sur le territoire.'));
  return { figures: data.dashboard.byCategory, epcis: data.dashboard.byEpci.map(({ key, label }) => ({ key, label })), themes: data.themes };
}

/**
 * The data of one chart, whole (the communes: all of them, of ?theme= and ?categorie= if given; the categories: of the
 * territory or of ?epci=), for its table page and its CSV.
 */
export async function loadChart(api: GraphQLClient, name: ChartName, params: URLSearchParams = new URLSearchParams()): Promise<ChartData> {
  if (name === 'evolution') return monthlyChart((await api(DashboardMonthly).catch(apiFailure)).dashboard.monthly);
  if (name === 'communes') {
    const themeKey = themeParam(params);
    const categoryKey = categoryParam(params);
    const communes = await loadCommunes(api, themeKey, 100, 0, categoryKey);
    return communeChart(communes.items, communes.caption, communesQuery(themeKey, categoryKey));
  }
  if (name === 'categories') return categoryChart((await loadCategories(api, epciParam(params))).figures);
  const { dashboard } = await api(DashboardOverview).catch(apiFailure);
  if (name === 'statuts') return statusChart(dashboard.byStatus);
  if (name === 'themes') return themeChart(dashboard.byTheme);
  return epciChart(dashboard.byEpci);
}

import { error } from '@sveltejs/kit';
import type { PageServerLoad } from './$types';
import { barSvg, categoryParam, communeChart, communesQuery, loadCommunes, themeParam } from '$lib/server/dashboard-charts';

// Public needs per commune, 15 a page (page budget), of all themes or of one (?theme=) or of one category (?categorie=,
// linked from /tableau-de-bord/categories): per 1,000 inhabitants (chart and table) and taken by another channel than the
// web (table). Server-rendered, no client JavaScript; the theme is a GET form.
export const csr = false;

const PAGE_SIZE = 15;

export const load: PageServerLoad = async ({ url, locals }) => {
  const page = Number.parseInt(url.searchParams.get('page') ?? '1', 10) || 1;
  if (page < 1 || page > 100) error(404, 'Cette page n’existe pas.');
  const themeKey = themeParam(url.searchParams);
  const categoryKey = categoryParam(url.searchParams);
  const communes = await loadCommunes(locals.api, themeKey, PAGE_SIZE, (page - 1) * PAGE_SIZE, categoryKey);
  const pages = Math.max(1, Math.ceil(communes.totalCount / PAGE_SIZE));
  if (page > pages) error(404, 'Cette page n’existe pas.');
  const caption = `${communes.caption}${pages > 1 ? ` (page ${page} sur ${pages})` : ''}`;
  const chart = communeChart(communes.items, caption);
  const query = (n: number) => communesQuery(themeKey, categoryKey, n);
  return {
    chart: { name: chart.name, title: chart.title, header: chart.header, rows: chart.rows, svg: barSvg(chart, 220) },
    themes: communes.themes.map(({ key, label }) => ({ key, label })),
    theme: communes.theme,
    dataQuery: query(1),
    totalCount: communes.totalCount,
    page,
    pages,
    previous: page > 1 ? `/tableau-de-bord/communes${query(page - 1)}` : null,
    next: page < pages ? `/tableau-de-bord/communes${query(page + 1)}` : null,
  };
};

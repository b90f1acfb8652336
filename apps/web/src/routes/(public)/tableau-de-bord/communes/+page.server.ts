import { error } from '@sveltejs/kit';
import type { PageServerLoad } from './$types';
import { barSvg, communeChart, loadCommunes, themeParam } from '$lib/server/dashboard-charts';

// Public needs per commune, 15 a page (page budget), of all themes or of one (?theme=): per 1,000 inhabitants (chart and
// table) and taken by another channel than the web (table). Server-rendered, no client JavaScript; the theme is a GET form.
export const csr = false;

const PAGE_SIZE = 15;

export const load: PageServerLoad = async ({ url, locals }) => {
  const page = Number.parseInt(url.searchParams.get('page') ?? '1', 10) || 1;
  if (page < 1 || page > 100) error(404, 'Cette page n’existe pas.');
  const themeKey = themeParam(url.searchParams);
  const communes = await loadCommunes(locals.api, themeKey, PAGE_SIZE, (page - 1) * PAGE_SIZE);
  const pages = Math.max(1, Math.ceil(communes.totalCount / PAGE_SIZE));
  if (page > pages) error(404, 'Cette page n’existe pas.');
  const caption = `${communes.theme ? ` : ${communes.theme.label}` : ''}${pages > 1 ? ` (page ${page} sur ${pages})` : ''}`;
  const chart = communeChart(communes.items, caption);
  const query = (n: number) => {
    const params = new URLSearchParams();
    if (themeKey) params.set('theme', themeKey);
    if (n > 1) params.set('page', String(n));
    return params.size ? `?${params}` : '';
  };
  return {
    chart: { name: chart.name, title: chart.title, header: chart.header, rows: chart.rows, svg: barSvg(chart, 220) },
    themes: communes.themes,
    theme: communes.theme,
    dataQuery: themeKey ? `?theme=${themeKey}` : '',
    totalCount: communes.totalCount,
    page,
    pages,
    previous: page > 1 ? `/tableau-de-bord/communes${query(page - 1)}` : null,
    next: page < pages ? `/tableau-de-bord/communes${query(page + 1)}` : null,
  };
};

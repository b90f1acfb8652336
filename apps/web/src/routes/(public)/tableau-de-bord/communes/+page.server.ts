import { error } from '@sveltejs/kit';
import type { PageServerLoad } from './$types';
import { barSvg, communeChart } from '$lib/server/dashboard-charts';
import { apiFailure } from '$lib/server/failures';
import { DashboardCommunes } from '$lib/server/ops-dashboard';

// Public needs per commune, 15 a page (page budget): per 1,000 inhabitants (chart and table) and taken by another
// channel than the web (table). Server-rendered, no client JavaScript.
export const csr = false;

const PAGE_SIZE = 15;

export const load: PageServerLoad = async ({ url, locals }) => {
  const page = Number.parseInt(url.searchParams.get('page') ?? '1', 10) || 1;
  if (page < 1 || page > 100) error(404, 'Cette page n’existe pas.');
  const { dashboard } = await locals.api(DashboardCommunes, { first: PAGE_SIZE, offset: (page - 1) * PAGE_SIZE }).catch(apiFailure);
  const pages = Math.max(1, Math.ceil(dashboard.byCommune.totalCount / PAGE_SIZE));
  if (page > pages) error(404, 'Cette page n’existe pas.');
  const chart = communeChart(dashboard.byCommune.items, pages > 1 ? ` (page ${page} sur ${pages})` : '');
  const href = (n: number) => (n > 1 ? `/tableau-de-bord/communes?page=${n}` : '/tableau-de-bord/communes');
  return {
    chart: { name: chart.name, title: chart.title, header: chart.header, rows: chart.rows, svg: barSvg(chart, 220) },
    totalCount: dashboard.byCommune.totalCount,
    page,
    pages,
    previous: page > 1 ? href(page - 1) : null,
    next: page < pages ? href(page + 1) : null,
  };
};

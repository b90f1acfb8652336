import { error } from '@sveltejs/kit';
import type { PageServerLoad } from './$types';
import { isChartName, loadChart } from '$lib/server/dashboard-charts';

// The data behind a chart of the dashboard as an accessible table (the same rows as its CSV).
export const csr = false;

export const load: PageServerLoad = async ({ params, locals, url }) => {
  if (!isChartName(params.chart)) error(404, 'Ce graphique n’existe pas.');
  const { bars: _bars, ...chart } = await loadChart(locals.api, params.chart, url.searchParams);
  return { chart };
};

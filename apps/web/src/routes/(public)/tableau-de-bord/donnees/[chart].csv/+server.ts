// The data behind a chart of the dashboard as CSV (UTF-8 with BOM, comma-separated), the same rows as its table page.
import { error } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { isChartName, loadChart } from '$lib/server/dashboard-charts';
import { toCsv } from '$lib/server/svg-chart';

export const GET: RequestHandler = async ({ params, locals, url }) => {
  if (!isChartName(params.chart)) error(404, 'Ce graphique n’existe pas.');
  const chart = await loadChart(locals.api, params.chart, url.searchParams);
  return new Response(toCsv(chart.header, chart.rows), {
    headers: {
      'content-type': 'text/csv; charset=utf-8',
      'content-disposition': `attachment; filename="tableau-de-bord-${chart.name}.csv"`,
      'cache-control': 'public, max-age=300',
    },
  });
};

import type { PageServerLoad } from './$types';
import { barSvg, epciChart, statusChart, themeChart } from '$lib/server/dashboard-charts';
import { apiFailure } from '$lib/server/failures';
import { DashboardOverview } from '$lib/server/ops-dashboard';

// The public dashboard's overview: public needs by status, by theme and by intercommunality, as server-rendered SVG
// (no client JavaScript); each chart's data on its own page and as CSV.
export const csr = false;

export const load: PageServerLoad = async ({ locals }) => {
  const { dashboard } = await locals.api(DashboardOverview).catch(apiFailure);
  const charts = [statusChart(dashboard.byStatus), themeChart(dashboard.byTheme), epciChart(dashboard.byEpci)];
  return {
    publicNeedCount: dashboard.publicNeedCount,
    charts: charts.map((chart) => ({ name: chart.name, title: chart.title, svg: barSvg(chart, chart.name === 'intercommunalites' ? 300 : 240) })),
  };
};

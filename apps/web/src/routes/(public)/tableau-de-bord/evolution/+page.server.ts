import type { PageServerLoad } from './$types';
import { monthLong, monthlyChart, monthlySvg } from '$lib/server/dashboard-charts';
import { apiFailure } from '$lib/server/failures';
import { DashboardMonthly } from '$lib/server/ops-dashboard';

// The last 12 months: public needs submitted and first answers, a line chart and its table on the same page.
export const csr = false;

export const load: PageServerLoad = async ({ locals }) => {
  const { dashboard } = await locals.api(DashboardMonthly).catch(apiFailure);
  const chart = monthlyChart(dashboard.monthly);
  return {
    chart: { name: chart.name, title: chart.title, svg: monthlySvg(chart, dashboard.monthly) },
    rows: dashboard.monthly.map((m) => ({ month: m.month, label: monthLong(m.month), submitted: m.submitted, answered: m.answered })),
  };
};

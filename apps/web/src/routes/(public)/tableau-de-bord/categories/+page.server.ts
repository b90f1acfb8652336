import type { PageServerLoad } from './$types';
import { barSvg, categoryChart, epciParam, loadCategories } from '$lib/server/dashboard-charts';

// Public needs per 1,000 inhabitants by category (issue 7 item 1, territorial intelligence): in the whole territory or in
// the communes of one EPCI (?epci=<SIREN>), over the sum of their official populations; and a GET form to the same rate
// commune by commune for one category (/tableau-de-bord/communes?categorie=). Server-rendered SVG, no client JavaScript.
export const csr = false;

export const load: PageServerLoad = async ({ url, locals }) => {
  const { figures, epcis, themes } = await loadCategories(locals.api, epciParam(url.searchParams));
  const chart = categoryChart(figures);
  return {
    chart: { name: chart.name, title: chart.title, query: chart.query ?? '', svg: barSvg(chart, 300) },
    epcis,
    epciSiren: figures.epciSiren,
    population: figures.population,
    themes,
  };
};

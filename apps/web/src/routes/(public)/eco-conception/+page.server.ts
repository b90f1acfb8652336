import { ecoIndex } from '$lib/ecoindex';
import measurements from '$lib/eco-measurements.json';
import type { PageServerLoad } from './$types';

// The eco-design statement (RGESN): the figures the page-budget test measured (tools/eco-statement.mjs writes
// $lib/eco-measurements.json from e2e/results/page-budgets.json) and the EcoIndex computed from them.
export const csr = false;

const BUDGET = { kilobytes: 60, requests: 5, domElements: 350 };

export const load: PageServerLoad = () => ({
  budget: BUDGET,
  measuredAt: measurements.measuredAt,
  pages: measurements.pages.map((p) => ({ ...p, ...ecoIndex(p) })),
});

// EcoIndex (www.ecoindex.fr, GreenIT / CNUMR): a score from 0 to 100 and a grade from A to G computed from
// three figures of a page: DOM elements, HTTP requests and transferred size in KB. Each figure is placed
// among the quantiles of the EcoIndex reference (cnumr/ecoindex_reference, HTTP Archive pages), with linear
// interpolation between two quantiles (0 to 20); the score is 100 - 5 × (3 q_dom + 2 q_req + q_size) / 6.

/** Quantiles of the EcoIndex reference: DOM elements, requests, size in KB (1 KB = 1,024 bytes). */
export const ECOINDEX_QUANTILES = {
  dom: [0, 47, 75, 159, 233, 298, 358, 417, 476, 537, 603, 674, 753, 843, 949, 1076, 1237, 1459, 1801, 2479, 594601],
  requests: [0, 2, 15, 25, 34, 42, 49, 56, 63, 70, 78, 86, 95, 105, 117, 130, 147, 170, 205, 281, 3920],
  sizeKb: [
    0, 1.37, 144.7, 319.53, 479.46, 631.97, 783.38, 937.91, 1098.62, 1265.47, 1448.32, 1648.27, 1876.08, 2142.06, 2465.37, 2866.31, 3401.59,
    4155.73, 5400.08, 8037.54, 223212.26,
  ],
} as const;

/** Lower bounds of the grades: a score strictly above the bound gets the grade; G otherwise. */
export const ECOINDEX_GRADES = [
  { grade: 'A', above: 80 },
  { grade: 'B', above: 70 },
  { grade: 'C', above: 55 },
  { grade: 'D', above: 40 },
  { grade: 'E', above: 25 },
  { grade: 'F', above: 10 },
] as const;

export type EcoIndexGrade = (typeof ECOINDEX_GRADES)[number]['grade'] | 'G';

/** Position of a value among the quantiles, from 0 to 20 (20 beyond the last quantile). */
export function ecoIndexQuantile(quantiles: readonly number[], value: number): number {
  for (let i = 1; i < quantiles.length; i++) {
    if (value < quantiles[i]!) return i - 1 + (value - quantiles[i - 1]!) / (quantiles[i]! - quantiles[i - 1]!);
  }
  return quantiles.length - 1;
}

/** The score, rounded to a whole number. `sizeKb` is the transferred size in KB (bytes / 1,024). */
export function ecoIndexScore(figures: { dom: number; requests: number; sizeKb: number }): number {
  const qDom = ecoIndexQuantile(ECOINDEX_QUANTILES.dom, figures.dom);
  const qRequests = ecoIndexQuantile(ECOINDEX_QUANTILES.requests, figures.requests);
  const qSize = ecoIndexQuantile(ECOINDEX_QUANTILES.sizeKb, figures.sizeKb);
  return Math.round(100 - (5 * (3 * qDom + 2 * qRequests + qSize)) / 6);
}

export function ecoIndexGrade(score: number): EcoIndexGrade {
  return ECOINDEX_GRADES.find((g) => score > g.above)?.grade ?? 'G';
}

/** Score and grade of a page measured in bytes, requests and DOM elements (as the page-budget test measures). */
export function ecoIndex(page: { bytes: number; requests: number; domElements: number }): { score: number; grade: EcoIndexGrade } {
  const score = ecoIndexScore({ dom: page.domElements, requests: page.requests, sizeKb: page.bytes / 1024 });
  return { score, grade: ecoIndexGrade(score) };
}

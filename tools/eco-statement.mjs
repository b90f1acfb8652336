#!/usr/bin/env node
// node tools/eco-statement.mjs [--in e2e/results/page-budgets.json] [--out apps/web/src/lib/eco-measurements.json]
// Turns the page-budget test's measurements (e2e/tests/budgets.spec.ts) into the data file the eco-design
// statement (/eco-conception) reads: the date of the measurement and, for each public page, the bytes
// transferred, the requests and the DOM elements. Run the budgets spec first, then this, and commit the file.
//   - pages behind a login (measured logged in, or redirected to the login page) are left out;
//   - a need's reference and an authority's id become :reference and :id (they change with every database);
//   - pages of one shape (a need page) keep the first measured, and a filtered or paged list counts as its
//     unfiltered page when that was measured: the statement stays short.
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');

function argument(name, fallback) {
  const index = process.argv.indexOf(name);
  return index === -1 ? fallback : resolve(process.argv[index + 1]);
}

const PRIVATE = [
  /^\/(compte|compte\/donnees|compte\/supprimer|organisations|collectivite|moderation|admin|mes-besoins)(\?|$)/,
  /^\/besoins\/:reference\/(modifier|retirer|avis)$/,
];

export function statement(measurements, measuredAt) {
  const seen = new Set();
  const pages = [];
  for (const m of measurements) {
    // English pages (?lang=en) are the same pages in another language: the statement lists the French ones.
    if (/[?&]lang=/.test(m.path)) continue;
    const path = m.path.replace(/\/B-[0-9A-Z]{6}(?=\/|\?|$)/, '/:reference').replace(/\/[0-9a-f]{8}-[0-9a-f-]{27}(?=\/|\?|$)/, '/:id');
    if (PRIVATE.some((re) => re.test(path))) continue;
    const shape = path.replace(/\?.*$/, '?');
    if (seen.has(shape)) continue;
    seen.add(shape);
    pages.push({ path, bytes: m.bytes, requests: m.requests, domElements: m.domElements });
  }
  const bare = new Set(pages.map((p) => p.path));
  return { measuredAt, pages: pages.filter((p) => !p.path.includes('?') || !bare.has(p.path.replace(/\?.*$/, ''))) };
}

function main() {
  const input = argument('--in', join(root, 'e2e', 'results', 'page-budgets.json'));
  const output = argument('--out', join(root, 'apps', 'web', 'src', 'lib', 'eco-measurements.json'));
  const measurements = JSON.parse(readFileSync(input, 'utf8'));
  const measuredAt = statSync(input).mtime.toISOString().slice(0, 10);
  const data = statement(measurements, measuredAt);
  writeFileSync(output, JSON.stringify(data, null, 2) + '\n');
  console.log(`[eco] ${data.pages.length} public pages measured on ${measuredAt} written to ${output}`);
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) main();

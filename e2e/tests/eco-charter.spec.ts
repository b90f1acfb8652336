// The eco-design statement and the data charter (issue 7 item 6): both pages pass axe with JavaScript on
// and off and are linked from the footer and the site map; the statement lists the home page with the
// figures of the committed measurements (apps/web/src/lib/eco-measurements.json) and its EcoIndex.
import fs from 'node:fs';
import path from 'node:path';
import { expect, type Page } from '@playwright/test';
import { auditHydrated, auditWithoutJs, jsEnabled, root } from '../support/app';
import { test } from '../support/fixtures';

const PAGES = [
  { path: '/eco-conception', h1: "Déclaration d'écoconception", footer: 'Écoconception' },
  { path: '/charte-des-donnees', h1: 'Charte des données', footer: 'Charte des données' },
];

test('the eco-design statement and the data charter pass axe and are linked from the footer and the site map', async ({ page, browser, baseURL }, testInfo) => {
  for (const { path: pagePath, h1 } of PAGES) {
    const target = { name: pagePath, open: (p: Page) => p.goto(pagePath).then(() => undefined) };
    await page.goto(pagePath);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(h1);
    if (jsEnabled(testInfo)) await auditHydrated(page, target, testInfo);
    else await auditWithoutJs(browser, baseURL!, target, testInfo);
  }
  for (const from of ['/', '/besoins/nouveau']) {
    await page.goto(from);
    for (const { path: href, footer } of PAGES) await expect(page.getByRole('contentinfo').getByRole('link', { name: footer, exact: true }), `${footer} on ${from}`).toHaveAttribute('href', href);
  }
  await page.goto('/plan-du-site');
  for (const { path: href } of PAGES) await expect(page.getByRole('main').locator(`a[href="${href}"]`)).toHaveCount(1);
});

test('the eco-design statement lists the home page with its measured figures and EcoIndex', async ({ page }) => {
  const data = JSON.parse(fs.readFileSync(path.join(root, 'apps/web/src/lib/eco-measurements.json'), 'utf8')) as {
    pages: Array<{ path: string; bytes: number; requests: number; domElements: number }>;
  };
  const home = data.pages.find((p) => p.path === '/')!;
  expect(home).toBeDefined();
  await page.goto('/eco-conception');
  const main = page.getByRole('main');
  for (const budget of ['60 Ko', '5 requêtes', '350 éléments']) await expect(main).toContainText(budget);
  const table = main.getByRole('table', { name: 'Mesures et EcoIndex de chaque page publique' });
  await expect(table.getByRole('row')).toHaveCount(data.pages.length + 1);
  const row = table.getByRole('row').filter({ has: page.getByRole('rowheader', { name: '/', exact: true }) });
  const cells = row.getByRole('cell');
  await expect(cells.nth(0)).toHaveText((home.bytes / 1024).toLocaleString('fr-FR', { maximumFractionDigits: 1 }));
  await expect(cells.nth(1)).toHaveText(String(home.requests));
  await expect(cells.nth(2)).toHaveText(String(home.domElements));
  // A light page: far below the median of the web, so grade A.
  await expect(cells.nth(3)).toHaveText(/^\d{2,3} \(A\)$/);
});

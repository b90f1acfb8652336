// The public GraphQL API's page for reusers (issue 7 item 7): /api, linked from /plan-du-site, lists the
// operations that need no login (generated from the schema and the authorization matrix), curl examples,
// the limits and the licence. Both projects (JavaScript on and off); axe on the page.
import { expect, type Page } from '@playwright/test';
import { auditHydrated, auditWithoutJs, jsEnabled } from '../support/app';
import { test } from '../support/fixtures';

test('the public API page is linked from the site map and documents the public operations', async ({ page, browser, baseURL }, testInfo) => {
  await page.goto('/plan-du-site');
  await page.getByRole('link', { name: 'API publique' }).click();
  await expect(page).toHaveURL(/\/api$/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('API publique');
  await expect(page.getByText(`${new URL(baseURL!).origin}/graphql`).first()).toBeVisible();

  const table = page.getByRole('table', { name: "Opérations publiques de l'API" });
  for (const name of ['needs', 'need', 'communes', 'authorities', 'dashboard', 'authorityFigures', 'openDataFiles', 'moderationLog', 'helpPlaces']) {
    await expect(table.getByRole('rowheader').filter({ hasText: new RegExp(`^${name}\\b`) })).toHaveCount(1);
  }
  // Nothing that needs a login is listed.
  for (const name of ['myNeeds', 'authorityInbox', 'roleAssignments']) {
    await expect(table.getByRole('rowheader').filter({ hasText: new RegExp(`^${name}\\b`) })).toHaveCount(0);
  }
  await expect(page.locator('pre code').first()).toContainText('curl -s');
  await expect(page.getByText('Retry-After').first()).toBeVisible();
  await expect(page.getByRole('link', { name: /Licence Ouverte/ })).toBeVisible();
  await expect(page.getByRole('main').getByRole('link', { name: 'Données ouvertes' })).toHaveAttribute('href', '/donnees');

  const target = { name: '/api', open: (p: Page) => p.goto('/api').then(() => undefined) };
  if (jsEnabled(testInfo)) await auditHydrated(page, target, testInfo);
  else await auditWithoutJs(browser, baseURL!, target, testInfo);
});

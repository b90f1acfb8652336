// Open311 API keys (issue 7 item 3): an admin issues a key to a partner from /admin/open311 (the clear
// key shown once, never again), sees it listed by its first characters, and revokes it. Server-only
// page: the same plain forms with JavaScript on and off; axe on the list and on the key just issued.
import { expect, type Browser, type Page, type TestInfo } from '@playwright/test';
import { auditHydrated, auditWithoutJs, jsEnabled, runToken } from '../support/app';
import { test } from '../support/fixtures';
import { logIn, makeAdmin, newPerson } from '../support/people';

async function audit(page: Page, browser: Browser, baseURL: string, testInfo: TestInfo, name: string, open: (p: Page) => Promise<void>) {
  const target = { name, open };
  if (jsEnabled(testInfo)) await auditHydrated(page, target, testInfo);
  else await auditWithoutJs(browser, baseURL, target, testInfo, (await page.context().storageState()) as never);
}

const issue = async (page: Page, partner: string) => {
  await page.getByLabel('Nom du partenaire').fill(partner);
  await page.getByRole('button', { name: 'Émettre la clé' }).click();
};

test('an admin issues an Open311 key (shown once) and revokes it', async ({ page, browser, request, baseURL }, testInfo) => {
  test.setTimeout(120_000);
  const admin = newPerson(testInfo, 'o311');
  await makeAdmin(request, baseURL!, admin);
  await page.goto('/connexion');
  await logIn(page, admin);
  await expect(page).toHaveURL(/\/compte$/);

  await page.goto('/admin');
  await page.getByRole('link', { name: 'Clés Open311 des partenaires' }).click();
  await expect(page).toHaveURL(/\/admin\/open311$/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Clés Open311 des partenaires');
  // Server-only: no client JavaScript whatever the project.
  await expect(page.locator('script[type="module"], script:not([type])')).toHaveCount(0);
  await audit(page, browser, baseURL!, testInfo, 'admin open311', (p) => p.goto('/admin/open311').then(() => undefined));

  // An empty name: the summary links to the field, which says what is wrong.
  await page.getByRole('button', { name: 'Émettre la clé' }).click();
  const summary = page.getByRole('alert');
  await expect(summary.getByRole('heading')).toHaveText('Le formulaire contient 1 erreur');
  await expect(summary.getByRole('link', { name: 'Nom du partenaire : Indiquez le nom du partenaire.' })).toHaveAttribute('href', '#partnerName');
  await expect(page.getByLabel('Nom du partenaire')).toHaveAttribute('aria-invalid', 'true');
  await expect(page).toHaveTitle(/^Erreur : Clés Open311/);

  // Keyboard: Tab from the name field reaches the button; Enter submits.
  const partner = `Signalements ${runToken(testInfo)}${Math.random().toString(36).slice(2, 5)}`;
  await page.getByLabel('Nom du partenaire').fill(partner);
  await page.getByLabel('Nom du partenaire').press('Tab');
  await expect(page.getByRole('button', { name: 'Émettre la clé' })).toBeFocused();
  await page.keyboard.press('Enter');
  const shown = page.getByRole('main').getByRole('status');
  await expect(shown.getByRole('heading')).toHaveText(`Clé émise pour « ${partner} »`);
  await expect(shown).toContainText('elle ne sera plus jamais affichée');
  const secret = await page.getByLabel('Clé', { exact: true }).inputValue();
  expect(secret).toMatch(/^o311_[A-Za-z0-9_-]{32}$/);
  const rowOf = (name: string) => page.getByRole('row').filter({ has: page.getByRole('rowheader', { name, exact: true }) });
  const row = rowOf(partner);
  await expect(row.getByRole('cell').nth(0)).toHaveText(`${secret.slice(0, 11)}…`);
  await expect(row.getByRole('cell').nth(2)).toHaveText('jamais');
  await expect(row.getByRole('cell').nth(3)).toHaveText('0');
  await audit(page, browser, baseURL!, testInfo, 'admin open311 issued', async (p) => {
    await p.goto('/admin/open311');
    await issue(p, `${partner} bis`);
    await expect(p.getByLabel('Clé', { exact: true })).toHaveValue(/^o311_/);
  });

  // Reloaded, the page never shows a clear key again.
  await page.goto('/admin/open311');
  await expect(page.getByLabel('Clé', { exact: true })).toHaveCount(0);
  await expect(page.getByRole('main')).not.toContainText(secret);

  await page.getByRole('button', { name: `Révoquer la clé de ${partner}`, exact: true }).click();
  await expect(page.getByRole('main').getByRole('status')).toHaveText(`La clé de « ${partner} » est révoquée.`);
  await expect(rowOf(partner).getByRole('cell').nth(4)).toHaveText(/^Révoquée le \d{1,2} \S+ \d{4}/);
  await expect(page.getByRole('button', { name: `Révoquer la clé de ${partner}`, exact: true })).toHaveCount(0);
});

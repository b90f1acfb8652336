// Webhooks for partner back offices (issue 7 item 4): from /collectivite/webhooks an admin (choosing the
// authority, as its agents would without choosing) registers a URL and its events, sees the signing secret
// once, sees the (empty) log of deliveries and disables the webhook. Server-only page: the same plain forms
// with JavaScript on and off; axe on the page and on the secret just shown.
import { expect, type Browser, type Page, type TestInfo } from '@playwright/test';
import { auditHydrated, auditWithoutJs, jsEnabled, runToken } from '../support/app';
import { test } from '../support/fixtures';
import { logIn, makeAdmin, newPerson } from '../support/people';

async function audit(page: Page, browser: Browser, baseURL: string, testInfo: TestInfo, name: string, open: (p: Page) => Promise<void>) {
  const target = { name, open };
  if (jsEnabled(testInfo)) await auditHydrated(page, target, testInfo);
  else await auditWithoutJs(browser, baseURL, target, testInfo, (await page.context().storageState()) as never);
}

const openAvrille = async (page: Page) => {
  await page.goto('/collectivite/webhooks');
  await page.getByLabel('Collectivité').selectOption({ label: 'Avrillé' });
  await page.getByRole('button', { name: 'Afficher' }).click();
  await expect(page.getByRole('heading', { level: 2, name: 'Webhooks de Avrillé' })).toBeVisible();
};

test('an authority registers a webhook (secret shown once), sees its deliveries and disables it', async ({ page, browser, request, baseURL }, testInfo) => {
  test.setTimeout(120_000);
  const admin = newPerson(testInfo, 'hook');
  await makeAdmin(request, baseURL!, admin);
  await page.goto('/connexion');
  await logIn(page, admin);
  await expect(page).toHaveURL(/\/compte$/);

  await openAvrille(page);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Webhooks des logiciels partenaires');
  // Server-only: no client JavaScript whatever the project.
  await expect(page.locator('script[type="module"], script:not([type])')).toHaveCount(0);
  const here = page.url();
  await audit(page, browser, baseURL!, testInfo, 'webhooks', (p) => p.goto(here).then(() => undefined));

  // Nothing filled in: the summary links to both fields.
  await page.getByRole('button', { name: 'Enregistrer le webhook' }).click();
  const summary = page.getByRole('alert');
  await expect(summary.getByRole('heading')).toHaveText('Le formulaire contient 2 erreurs');
  await expect(summary.getByRole('link', { name: 'Adresse de réception : Indiquez l’adresse qui recevra les événements.' })).toHaveAttribute('href', '#url');
  await expect(summary.getByRole('link', { name: 'Événements envoyés : Choisissez au moins un événement.' })).toHaveAttribute('href', '#events');
  await expect(page).toHaveTitle(/^Erreur : Webhooks/);

  // http:// is refused by the API, the field says why and keeps the choices.
  await page.getByLabel('Adresse de réception').fill('http://logiciel.example.fr/pit');
  await page.getByRole('checkbox', { name: /Le statut d’un besoin change/ }).check();
  await page.getByRole('button', { name: 'Enregistrer le webhook' }).click();
  await expect(page.getByRole('alert').getByRole('link', { name: 'Adresse de réception : L’adresse doit commencer par https://.' })).toBeVisible();
  await expect(page.getByRole('checkbox', { name: /Le statut d’un besoin change/ })).toBeChecked();

  // Keyboard: the last checkbox, then Tab reaches the button; Enter submits.
  const url = `https://logiciel-${runToken(testInfo)}${Math.random().toString(36).slice(2, 6)}.example.fr/pit`;
  await page.getByLabel('Adresse de réception').fill(url);
  await page.getByRole('checkbox', { name: /Un besoin arrive à la collectivité/ }).check();
  await page.getByRole('checkbox', { name: /Un besoin est requalifié/ }).focus();
  await page.keyboard.press('Tab');
  await expect(page.getByRole('button', { name: 'Enregistrer le webhook' })).toBeFocused();
  await page.keyboard.press('Enter');
  const shown = page.getByRole('main').getByRole('status');
  await expect(shown.getByRole('heading')).toHaveText('Webhook enregistré');
  await expect(shown).toContainText('elle ne sera plus jamais affichée');
  const secret = await page.getByLabel('Clé secrète').inputValue();
  expect(secret).toMatch(/^whsec_[A-Za-z0-9_-]{32}$/);
  const row = page.getByRole('row').filter({ has: page.getByRole('rowheader', { name: url, exact: true }) });
  await expect(row.getByRole('cell').nth(0)).toHaveText('Un besoin arrive à la collectivité ; Le statut d’un besoin change');
  await audit(page, browser, baseURL!, testInfo, 'webhooks secret', async (p) => {
    await openAvrille(p);
    await p.getByLabel('Adresse de réception').fill(`${url}/bis`);
    await p.getByRole('checkbox', { name: /Un besoin est transféré/ }).check();
    await p.getByRole('button', { name: 'Enregistrer le webhook' }).click();
    await expect(p.getByLabel('Clé secrète')).toHaveValue(/^whsec_/);
  });

  // Reloaded, the page never shows the secret again; the log of deliveries is empty.
  await page.goto(here);
  await expect(page.getByLabel('Clé secrète')).toHaveCount(0);
  await expect(page.getByRole('main')).not.toContainText(secret);
  await page.getByRole('link', { name: `Derniers envois vers ${url}`, exact: true }).click();
  await expect(page.getByRole('heading', { level: 2, name: `Derniers envois vers ${url}` })).toBeVisible();
  await expect(page.getByRole('region', { name: `Derniers envois vers ${url}` }).getByRole('cell')).toHaveText('Aucun envoi pour le moment.');

  await page.getByRole('button', { name: `Désactiver le webhook vers ${url}`, exact: true }).click();
  await expect(page.getByRole('main').getByRole('status')).toHaveText(`Le webhook vers ${url} est désactivé.`);
  await expect(page.getByRole('button', { name: `Désactiver le webhook vers ${url}`, exact: true })).toHaveCount(0);
});

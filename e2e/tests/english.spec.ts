// The English version of the public pages (issue 6 item 8): French by default, whatever the browser's
// language; a plain link switches to English (?lang=en), a `lang` cookie keeps the choice across pages,
// and the link on English pages switches back. Both projects (JavaScript on and off); axe on the
// English pages.
import { expect, type Browser, type Page, type TestInfo } from '@playwright/test';
import { auditHydrated, auditWithoutJs, COMMUNES, jsEnabled, submitNeedOverHttp } from '../support/app';
import { test } from '../support/fixtures';
import { header } from '../support/people';

async function audit(page: Page, browser: Browser, baseURL: string, testInfo: TestInfo, name: string, url: string) {
  const target = { name, open: (p: Page) => p.goto(url).then(() => undefined) };
  if (jsEnabled(testInfo)) await auditHydrated(page, target, testInfo);
  else await auditWithoutJs(browser, baseURL, target, testInfo);
}

const h1 = (page: Page) => page.getByRole('heading', { level: 1 });

test('a visitor switches to English by the link, keeps it from page to page, then switches back to French', async ({ page, baseURL, residentRequest: request }) => {
  const reference = await submitNeedOverHttp(request, baseURL!, {
    title: 'Banc cassé au bord du Brionneau',
    description: 'Le banc près du pont sur le Brionneau a une planche cassée depuis la tempête.',
    categoryKey: 'waste_collection',
    communeCode: COMMUNES.avrille.code,
  });

  await page.goto('/');
  await expect(page.locator('html')).toHaveAttribute('lang', 'fr');
  const english = header(page).getByRole('link', { name: 'English' });
  await expect(english).toHaveAttribute('lang', 'en');
  await expect(english).toHaveAttribute('hreflang', 'en');
  await english.click();
  await expect(page).toHaveURL(/\/\?lang=en$/);
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await expect(h1(page)).toHaveText('Territorial Intelligence Platform — Pôle métropolitain Loire Angers');
  await expect(page.getByRole('heading', { level: 2, name: 'Latest reported needs' })).toBeVisible();

  // The cookie remembers the choice for a year: plain links (no ?lang) stay in English.
  const cookie = (await page.context().cookies()).find((c) => c.name === 'lang');
  expect(cookie).toMatchObject({ value: 'en', path: '/', sameSite: 'Lax', httpOnly: true });
  expect(cookie!.expires * 1000 - Date.now()).toBeGreaterThan(360 * 24 * 3600 * 1000);

  await header(page).getByRole('link', { name: 'All needs' }).click();
  await expect(page).toHaveURL(/\/besoins$/);
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await expect(h1(page)).toHaveText('Reported needs');
  await expect(page.getByLabel('Municipality', { exact: true })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Filter' })).toBeVisible();

  await page.goto(`/besoins/${reference}`);
  await expect(h1(page)).toHaveText('Banc cassé au bord du Brionneau');
  for (const heading of ['Description', 'Supports', 'Comments (0)', 'History']) await expect(page.getByRole('heading', { level: 2, name: heading })).toBeVisible();
  await expect(page.locator('dl.facts dt').first()).toHaveText('Reference');
  await expect(page.getByRole('button', { name: 'I support this need' })).toBeVisible();
  await expect(page.getByText(`Keep the reference ${reference}: it lets you find this need without an account.`)).toBeVisible();

  await page.getByRole('contentinfo').getByRole('link', { name: 'Track a need with its code' }).click();
  await expect(h1(page)).toHaveText('Track a need with its code');
  await page.getByLabel('Tracking code').fill(reference);
  await page.getByRole('button', { name: 'Show the status' }).click();
  await expect(page.getByRole('heading', { level: 2, name: new RegExp(`^${reference}`) })).toBeVisible();
  await expect(page.locator('dl.facts dt').first()).toHaveText('Status');
  await page.getByLabel('Tracking code').fill('B-ZZZZZZ');
  await page.getByRole('button', { name: 'Show the status' }).click();
  await expect(page.getByRole('alert')).toHaveText('Error: No public need has this code. Check the code on the receipt: 6 characters after B-.');
  await expect(page).toHaveTitle(/^Error: Track a need/);

  await page.getByRole('contentinfo').getByRole('link', { name: 'Need help? Where to find help' }).click();
  await expect(h1(page)).toHaveText('Where to find help?');
  await expect(page.getByRole('heading', { level: 2, name: 'All places' })).toBeVisible();

  await page.getByRole('contentinfo').getByRole('link', { name: 'Accessibility: partially compliant' }).click();
  await expect(h1(page)).toHaveText('Accessibility statement');
  for (const heading of ['Compliance status', 'Test results', 'Remedies']) await expect(page.getByRole('heading', { level: 2, name: heading })).toBeVisible();
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');

  // Back to French: the link says "Français", in French.
  const french = header(page).getByRole('link', { name: 'Français' });
  await expect(french).toHaveAttribute('lang', 'fr');
  await french.click();
  await expect(page.locator('html')).toHaveAttribute('lang', 'fr');
  await expect(h1(page)).toHaveText("Déclaration d'accessibilité");
  await header(page).getByRole('link', { name: 'Accueil' }).click();
  await expect(h1(page)).toHaveText("Plateforme d'Intelligence Territoriale — Pôle métropolitain Loire Angers");
  await expect(header(page).getByRole('link', { name: 'English' })).toBeVisible();
});

test('French stays the default whatever language the browser asks for', async ({ browser, baseURL }) => {
  const context = await browser.newContext({ baseURL, locale: 'en-US', extraHTTPHeaders: { 'accept-language': 'en-US,en;q=0.9' } });
  try {
    const page = await context.newPage();
    await page.goto('/besoins');
    await expect(page.locator('html')).toHaveAttribute('lang', 'fr');
    await expect(h1(page)).toHaveText('Les besoins signalés');
  } finally {
    await context.close();
  }
});

test('axe finds no violation on the English pages', async ({ page, browser, baseURL, residentRequest: request }, testInfo) => {
  test.setTimeout(120_000);
  const reference = await submitNeedOverHttp(request, baseURL!, {
    title: 'Lampadaire éteint rue des Lilas',
    description: 'Le lampadaire devant le numéro 12 de la rue des Lilas ne s’allume plus le soir.',
    categoryKey: 'waste_collection',
    communeCode: COMMUNES.tierce.code,
  });
  for (const path of ['/', '/besoins', `/besoins/${reference}`, `/suivi?code=${reference}`, '/aide?commune=49347', '/accessibilite', '/plan-du-site', '/mentions-legales', '/connexion']) {
    const url = `${path}${path.includes('?') ? '&' : '?'}lang=en`;
    await audit(page, browser, baseURL!, testInfo, `en ${path}`, url);
  }
});

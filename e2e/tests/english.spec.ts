// The English version of the public pages (issue 6 item 8): French by default, whatever the browser's
// language; a plain link switches to English (?lang=en), a `lang` cookie keeps the choice across pages,
// and the link on English pages switches back. Both projects (JavaScript on and off); axe on the
// English pages.
import { expect, type Browser, type Page, type TestInfo } from '@playwright/test';
import { auditHydrated, auditWithoutJs, COMMUNES, jsEnabled, submitNeedOverHttp } from '../support/app';
import { test } from '../support/fixtures';
import { header } from '../support/people';
import { stackSql as sql } from '../support/sql';

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

test('the accountability pages, the moderation log, the multi-year plan and the comments page are in English too', async ({ page, baseURL, residentRequest: request }) => {
  const reference = await submitNeedOverHttp(request, baseURL!, {
    title: 'Trottoir défoncé rue du Lavoir',
    description: 'Le trottoir de la rue du Lavoir est défoncé devant l’école depuis les travaux.',
    categoryKey: 'waste_collection',
    communeCode: COMMUNES.avrille.code,
  });
  const [authority] = await sql<{ id: string; name: string }>(baseURL!, `SELECT id, name FROM authority WHERE kind = 'commune' AND code = $1`, [COMMUNES.avrille.code]);

  await page.goto('/collectivites?type=communes&lang=en');
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await expect(h1(page)).toHaveText('Local authorities report back');
  const kinds = page.getByRole('navigation', { name: 'Type of local authority' });
  await expect(kinds.getByRole('link')).toHaveText(['All', 'Pôle métropolitain', 'Intermunicipalities', 'Municipalities']);
  await expect(kinds.getByRole('link', { name: 'Municipalities', exact: true })).toHaveAttribute('aria-current', 'page');
  await expect(page.getByRole('table').getByRole('columnheader')).toHaveText(['Local authority', 'Public needs', 'Median time to first answer', 'Overdue']);
  await expect(page.getByRole('table').locator('caption')).toHaveText(/^[\d,]+ local authorities, page 1 of \d+$/);
  await expect(page.getByRole('navigation', { name: 'Pages' }).getByRole('link', { name: 'Next page' })).toBeVisible();

  await page.goto(`/collectivites/${authority!.id}`);
  await expect(h1(page)).toHaveText(`${authority!.name}: the figures`);
  await expect(page.locator('dl.facts dt')).toHaveText(['Public needs in its charge', 'Target time to first answer', 'Median time to first answer', 'Overdue needs', 'Does this service meet the need?']);
  await expect(page.locator('dl.facts dd').nth(1)).toHaveText(/^[\d.]+ days?$/);
  await expect(page.getByRole('heading', { level: 2, name: 'Needs by status' })).toBeVisible();
  await expect(page.getByRole('main').getByRole('link', { name: 'All local authorities' })).toHaveAttribute('href', '/collectivites');
  expect((await page.request.get('/collectivites/00000000-0000-0000-0000-000000000000')).status()).toBe(404);
  await page.goto('/collectivites/00000000-0000-0000-0000-000000000000').catch(() => undefined);
  await expect(page.getByText('This local authority does not exist. Find it in the list of local authorities.')).toBeVisible();

  await page.goto('/donnees/moderation');
  await expect(h1(page)).toHaveText('Moderation log');
  const months = page.getByRole('table', { name: 'The last 12 months' });
  await expect(months.getByRole('columnheader')).toHaveText(['Month', 'Needs hidden', 'Needs restored', 'Comments hidden', 'Reports received']);
  await expect(months.getByRole('rowheader')).toHaveCount(12);
  const thisMonth = new Intl.DateTimeFormat('en-GB', { month: 'long', year: 'numeric', timeZone: 'Europe/Paris' }).format(new Date());
  await expect(months.getByRole('rowheader').first()).toHaveText(thisMonth);
  await expect(page.getByRole('table', { name: 'Reports received over 12 months, by reason' }).getByRole('rowheader')).toHaveText([
    'Advertising or spam',
    'Insulting, hateful or threatening words',
    'Personal data (name, address, phone…)',
    'Not a public service need',
    'Unrelated to the need',
    'Other reason',
  ]);
  await expect(page.getByRole('main').getByRole('link', { name: 'terms of use', exact: true })).toHaveAttribute('href', '/conditions-d-utilisation');

  await page.goto('/accessibilite');
  await page.getByRole('main').getByRole('link', { name: 'multi-year accessibility plan', exact: true }).click();
  await expect(page).toHaveURL(/\/accessibilite\/schema-pluriannuel$/);
  await expect(h1(page)).toHaveText('Multi-year accessibility plan 2026-2028');
  await expect(page).toHaveTitle(/^Multi-year accessibility plan — /);
  for (const heading of ['Organisation', 'Method', 'Action plan 2026', 'Action plan 2027', 'Action plan 2028', 'Review']) await expect(page.getByRole('heading', { level: 2, name: heading })).toBeVisible();
  const official = page.getByRole('main').getByRole('link', { name: 'French plan' });
  await expect(official).toHaveAttribute('lang', 'fr');
  await official.click();
  await expect(h1(page)).toHaveText('Schéma pluriannuel de mise en accessibilité 2026-2028');

  await page.goto(`/besoins/${reference}/commentaires?lang=en`);
  await expect(h1(page)).toHaveText(`Comments on need ${reference}`);
  await expect(page).toHaveTitle(/^Comments — Trottoir défoncé rue du Lavoir — /);
  await expect(page.getByText('Trottoir défoncé rue du Lavoir: back to the need')).toBeVisible();
  await expect(page.getByRole('heading', { level: 2, name: 'Comments (0)' })).toBeVisible();
  await expect(page.getByRole('heading', { level: 2, name: 'New comment' })).toBeVisible();
  await expect(page.getByRole('main').getByRole('link', { name: 'Log in to comment' })).toHaveAttribute('href', /^\/connexion\?retour=/);
  await page.goto(`/besoins/${reference}/commentaires?commentaire=00000000-0000-0000-0000-000000000000`);
  await expect(page.getByRole('heading', { level: 2, name: 'This comment' })).toBeVisible();
  await expect(page.getByText('This comment is not on this page.')).toBeVisible();
  await expect(page.getByRole('main').getByRole('link', { name: 'See the comments' })).toBeVisible();
});

test('axe finds no violation on the English pages', async ({ page, browser, baseURL, residentRequest: request }, testInfo) => {
  test.setTimeout(180_000);
  const reference = await submitNeedOverHttp(request, baseURL!, {
    title: 'Lampadaire éteint rue des Lilas',
    description: 'Le lampadaire devant le numéro 12 de la rue des Lilas ne s’allume plus le soir.',
    categoryKey: 'waste_collection',
    communeCode: COMMUNES.tierce.code,
  });
  for (const path of ['/', '/besoins', `/besoins/${reference}`, `/suivi?code=${reference}`, '/aide?commune=49347', '/accessibilite', '/plan-du-site', '/mentions-legales', '/connexion', '/collectivites', '/donnees/moderation', '/accessibilite/schema-pluriannuel', `/besoins/${reference}/commentaires`]) {
    const url = `${path}${path.includes('?') ? '&' : '?'}lang=en`;
    await audit(page, browser, baseURL!, testInfo, `en ${path}`, url);
  }
});

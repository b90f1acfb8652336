// The public dashboard (issue 7 item 1): /tableau-de-bord (by status, theme, intercommunality), /tableau-de-bord/communes
// (per 1,000 inhabitants and assisted share, paged, of a theme or a category), /tableau-de-bord/categories (per 1,000
// inhabitants by category, territory or intercommunality), /tableau-de-bord/evolution (12 months) and the data pages.
// Charts are server-rendered SVG images with a title and a description; no script is shipped; each chart's data is a
// table and a CSV (UTF-8 with BOM). JS on and off (the pages are the same), axe on each page.
import { expect, test, type Browser, type Page, type TestInfo } from '@playwright/test';
import { auditHydrated, auditWithoutJs, jsEnabled } from '../support/app';

async function audit(page: Page, browser: Browser, baseURL: string, testInfo: TestInfo, name: string, url: string) {
  if (jsEnabled(testInfo)) await auditHydrated(page, { name, open: (p) => p.goto(url).then(() => undefined) }, testInfo);
  else await auditWithoutJs(browser, baseURL, { name, open: (p) => p.goto(url).then(() => undefined) }, testInfo);
}

/** Each chart: an image named by its <title> and described by its <desc>. */
async function expectCharts(page: Page, titles: string[]) {
  const charts = page.locator('svg[role="img"]');
  await expect(charts).toHaveCount(titles.length);
  for (const [i, title] of titles.entries()) {
    await expect(charts.nth(i).locator('title')).toHaveText(title);
    await expect(charts.nth(i).locator('desc')).not.toBeEmpty();
    await expect(page.getByRole('img', { name: title })).toBeVisible();
  }
}

test('the overview shows three bar charts, each linked to its data, without any script', async ({ page, browser, baseURL, request }, testInfo) => {
  const html = await (await request.get('/tableau-de-bord')).text();
  expect(html).not.toMatch(/<script/i);
  await page.goto('/');
  await page.getByRole('contentinfo').getByRole('link', { name: 'Tableau de bord' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Tableau de bord');
  await expectCharts(page, ['Besoins publics par statut', 'Besoins publics par thème', 'Besoins publics par intercommunalité']);
  await expect(page.getByRole('img', { name: 'Besoins publics par intercommunalité' }).locator('text')).toContainText(['Angers Loire Métropole']);
  await expect(page.getByRole('navigation', { name: 'Tableau de bord' }).getByRole('link', { name: 'Délais de réponse et retards par collectivité' })).toHaveAttribute('href', '/collectivites');

  await page.getByRole('link', { name: 'Données du graphique (tableau)' }).nth(2).click();
  await expect(page).toHaveURL(/\/tableau-de-bord\/donnees\/intercommunalites$/);
  await expect(page.getByRole('table', { name: 'Besoins publics par intercommunalité' }).getByRole('columnheader')).toHaveText(['Intercommunalité', 'SIREN', 'Besoins publics']);
  await expect(page.getByRole('table').getByRole('rowheader')).toHaveText(['Angers Loire Métropole', 'Communauté de communes Anjou Loir et Sarthe', 'Communauté de communes Loire Layon Aubance']);

  await audit(page, browser, baseURL!, testInfo, 'tableau de bord', '/tableau-de-bord');
  await audit(page, browser, baseURL!, testInfo, 'données par thème', '/tableau-de-bord/donnees/themes');
});

test('per commune: a chart and its table, 15 communes a page, per 1,000 inhabitants and the assisted share, of all themes or one', async ({ page, browser, baseURL, request }, testInfo) => {
  expect(await (await request.get('/tableau-de-bord/communes')).text()).not.toMatch(/<script/i);
  await page.goto('/tableau-de-bord/communes');
  await expectCharts(page, ['Besoins publics pour 1 000 habitants par commune (page 1 sur 5)']);
  const table = page.getByRole('table', { name: 'Données du graphique : 65 communes, page 1 sur 5' });
  await expect(table.getByRole('columnheader')).toHaveText([
    'Commune', 'Code INSEE', 'Intercommunalité', 'Population', 'Besoins publics', 'Pour 1 000 habitants', 'Dont reçus hors du site', 'Part hors du site (%)',
  ]);
  await expect(table.getByRole('rowheader')).toHaveCount(15);
  await page.getByRole('link', { name: 'Page suivante' }).click();
  await expect(page).toHaveURL(/\/tableau-de-bord\/communes\?page=2$/);
  await expect(page.getByRole('table', { name: 'Données du graphique : 65 communes, page 2 sur 5' }).getByRole('rowheader')).toHaveCount(15);
  expect((await request.get('/tableau-de-bord/communes?page=6')).status()).toBe(404);

  // One theme: a GET form, kept by the pages and the CSV link.
  await page.getByLabel('Thème').selectOption({ label: 'Déchets' });
  await page.getByRole('button', { name: 'Afficher' }).click();
  await expect(page).toHaveURL(/\/tableau-de-bord\/communes\?theme=waste$/);
  await expectCharts(page, ['Besoins publics pour 1 000 habitants par commune : Déchets (page 1 sur 5)']);
  await expect(page.getByRole('link', { name: 'Données du graphique (CSV)' })).toHaveAttribute('href', '/tableau-de-bord/donnees/communes.csv?theme=waste');
  await page.getByRole('link', { name: 'Page suivante' }).click();
  await expect(page).toHaveURL(/\/tableau-de-bord\/communes\?theme=waste&page=2$/);
  expect((await request.get('/tableau-de-bord/communes?theme=pas_un_theme')).status()).toBe(404);
  await audit(page, browser, baseURL!, testInfo, 'besoins par commune', '/tableau-de-bord/communes');
});

test('per category: needs per 1,000 inhabitants of the territory or of one intercommunality, and one category commune by commune', async ({ page, browser, baseURL, request }, testInfo) => {
  expect(await (await request.get('/tableau-de-bord/categories')).text()).not.toMatch(/<script/i);
  await page.goto('/tableau-de-bord');
  await page.getByRole('navigation', { name: 'Tableau de bord' }).getByRole('link', { name: 'Par catégorie' }).click();
  await expect(page).toHaveURL(/\/tableau-de-bord\/categories$/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Besoins par catégorie');
  await expect(page.locator('.lead')).toContainText('398 321 habitants');
  await expectCharts(page, ['Besoins publics pour 1 000 habitants par catégorie : tout le territoire']);
  await expect(page.getByRole('img', { name: /par catégorie/ }).locator('rect')).toHaveCount(28);

  // One intercommunality: a GET form; its table and CSV keep it.
  await page.getByLabel('Territoire', { exact: true }).selectOption({ label: 'Communauté de communes Anjou Loir et Sarthe' });
  await page.getByRole('button', { name: 'Afficher' }).click();
  await expect(page).toHaveURL(/\/tableau-de-bord\/categories\?epci=200068955$/);
  await expect(page.locator('.lead')).toContainText('28 413 habitants');
  await expectCharts(page, ['Besoins publics pour 1 000 habitants par catégorie : Communauté de communes Anjou Loir et Sarthe']);
  await expect(page.getByRole('link', { name: 'Données du graphique (CSV)' })).toHaveAttribute('href', '/tableau-de-bord/donnees/categories.csv?epci=200068955');
  await page.getByRole('link', { name: 'Données du graphique (tableau)' }).click();
  await expect(page).toHaveURL(/\/tableau-de-bord\/donnees\/categories\?epci=200068955$/);
  const table = page.getByRole('table', { name: 'Besoins publics pour 1 000 habitants par catégorie : Communauté de communes Anjou Loir et Sarthe' });
  await expect(table.getByRole('columnheader')).toHaveText(['Catégorie', 'Thème', 'Besoins publics', 'Pour 1 000 habitants']);
  await expect(table.getByRole('rowheader')).toHaveCount(28);
  await expect(page.getByRole('link', { name: 'Télécharger ces données (CSV)' })).toHaveAttribute('href', '/tableau-de-bord/donnees/categories.csv?epci=200068955');
  await page.getByRole('link', { name: 'Retour au graphique' }).click();
  await expect(page).toHaveURL(/\/tableau-de-bord\/categories\?epci=200068955$/);
  expect((await request.get('/tableau-de-bord/categories?epci=213300063')).status()).toBe(404);

  // One category, commune by commune.
  await page.getByLabel('Catégorie', { exact: true }).selectOption({ label: 'Écoles, cantine, périscolaire' });
  await page.getByRole('button', { name: 'Voir par commune' }).click();
  await expect(page).toHaveURL(/\/tableau-de-bord\/communes\?categorie=schools$/);
  await expectCharts(page, ['Besoins publics pour 1 000 habitants par commune : Écoles, cantine, périscolaire (page 1 sur 5)']);
  await expect(page.getByRole('link', { name: 'Données du graphique (CSV)' })).toHaveAttribute('href', '/tableau-de-bord/donnees/communes.csv?categorie=schools');
  await page.getByRole('link', { name: 'Page suivante' }).click();
  await expect(page).toHaveURL(/\/tableau-de-bord\/communes\?categorie=schools&page=2$/);
  expect((await request.get('/tableau-de-bord/communes?categorie=pas_une_categorie')).status()).toBe(404);

  await audit(page, browser, baseURL!, testInfo, 'besoins par catégorie', '/tableau-de-bord/categories');
  await audit(page, browser, baseURL!, testInfo, 'données par catégorie', '/tableau-de-bord/donnees/categories?epci=244900015');
});

test('evolution: a line chart of the last 12 months and its table', async ({ page, browser, baseURL, request }, testInfo) => {
  expect(await (await request.get('/tableau-de-bord/evolution')).text()).not.toMatch(/<script/i);
  await page.goto('/tableau-de-bord/evolution');
  await expectCharts(page, ['Besoins déposés et premières réponses, mois par mois']);
  const table = page.getByRole('table', { name: 'Données du graphique' });
  await expect(table.getByRole('rowheader')).toHaveCount(12);
  const now = new Intl.DateTimeFormat('fr-FR', { month: 'long', year: 'numeric', timeZone: 'Europe/Paris' }).format(new Date());
  await expect(table.getByRole('rowheader').last()).toHaveText(now);
  await audit(page, browser, baseURL!, testInfo, 'évolution', '/tableau-de-bord/evolution');
});

test('each chart’s data as CSV: UTF-8 with BOM, a header row, then the rows', async ({ request }) => {
  const communes = await request.get('/tableau-de-bord/donnees/communes.csv');
  expect(communes.status()).toBe(200);
  expect(communes.headers()['content-type']).toBe('text/csv; charset=utf-8');
  expect(communes.headers()['content-disposition']).toBe('attachment; filename="tableau-de-bord-communes.csv"');
  const body = await communes.body();
  expect([...body.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  const lines = body.toString('utf8').slice(1).trimEnd().split('\r\n');
  expect(lines[0]).toBe('Commune,Code INSEE,Intercommunalité,Population,Besoins publics,Pour 1 000 habitants,Dont reçus hors du site,Part hors du site (%)');
  expect(lines).toHaveLength(66);
  expect(lines.find((line) => line.startsWith('Cheffes,49090,'))).toMatch(/^Cheffes,49090,Communauté de communes Anjou Loir et Sarthe,1044,\d+,/);

  const epci = (await (await request.get('/tableau-de-bord/donnees/intercommunalites.csv')).text()).slice(1).split('\r\n');
  expect(epci[0]).toBe('Intercommunalité,SIREN,Besoins publics');
  expect(epci[1]).toMatch(/^Angers Loire Métropole,244900015,\d+$/);
  expect((await request.get('/tableau-de-bord/donnees/inconnu.csv')).status()).toBe(404);
  const waste = (await (await request.get('/tableau-de-bord/donnees/communes.csv?theme=waste')).text()).slice(1).trimEnd().split('\r\n');
  expect(waste).toHaveLength(66);

  const categories = (await (await request.get('/tableau-de-bord/donnees/categories.csv')).text()).slice(1).trimEnd().split('\r\n');
  expect(categories[0]).toBe('Catégorie,Thème,Besoins publics,Pour 1 000 habitants');
  expect(categories).toHaveLength(29);
  expect(categories.find((line) => line.startsWith('"Collecte, tri, déchèteries",Déchets,'))).toMatch(/^"Collecte, tri, déchèteries",Déchets,\d+,("\d+,\d+"|\d+)$/);
  const schools = (await (await request.get('/tableau-de-bord/donnees/communes.csv?categorie=schools')).text()).slice(1).trimEnd().split('\r\n');
  expect(schools).toHaveLength(66);
});

// The public list of needs: newest first, GET filters, pagination by 20.
import { expect, type Page } from '@playwright/test';
import { COMMUNES, jsEnabled, submitNeedOverHttp } from '../support/app';
import { test } from '../support/fixtures';

const PAGE_SIZE = 20;
const THEME = { key: 'civic_life_admin', label: 'Vie citoyenne', category: 'civic_admin' };

/** The count the list announces ("12 besoins…", "1 besoin…", "Aucun besoin…"). */
async function announcedCount(page: Page): Promise<number> {
  const text = (await page.getByRole('status').textContent()) ?? '';
  if (/^\s*Aucun besoin/.test(text)) return 0;
  const m = /(\d+)\s+besoins?/.exec(text);
  expect(m, `count in "${text}"`).not.toBeNull();
  return Number(m![1]);
}

test('filters (GET form) and pagination of the public list', async ({ page, residentRequest: request, baseURL }, testInfo) => {
  test.setTimeout(120_000);
  // Each project works in its own commune, so that the two never page through each other's needs.
  const commune = jsEnabled(testInfo) ? COMMUNES.briollay : COMMUNES.cheffes;
  const filtered = `/besoins?commune=${commune.code}&theme=${THEME.key}`;

  // Enough needs for a second page (the database may already hold some from earlier runs).
  await page.goto(filtered);
  const existing = await announcedCount(page);
  for (let i = existing; i < PAGE_SIZE; i++) {
    await submitNeedOverHttp(request, baseURL!, {
      title: `Horaires de la mairie ${i + 1}`,
      description: `Les horaires d'ouverture de la mairie ne sont pas affichés à l'entrée (besoin ${i + 1}).`,
      categoryKey: THEME.category,
      communeCode: commune.code,
    });
  }
  // The newest one, which must come first.
  const title = `Registre d'état civil ${Date.now().toString(36)}`;
  const reference = await submitNeedOverHttp(request, baseURL!, {
    title,
    description: "Demande de consultation du registre d'état civil : le formulaire en ligne ne fonctionne pas.",
    categoryKey: THEME.category,
    communeCode: commune.code,
  });

  // The unfiltered list shows 20 needs and a link to the next page.
  await page.goto('/besoins');
  await expect(page).toHaveTitle("Les besoins signalés — Plateforme d'Intelligence Territoriale");
  expect(await announcedCount(page)).toBeGreaterThan(PAGE_SIZE);
  await expect(page.locator('ol.needs > li')).toHaveCount(PAGE_SIZE);
  await expect(page.getByRole('navigation', { name: 'Pagination' }).getByRole('link', { name: 'Page suivante' })).toBeVisible();

  // Filtering with the GET form.
  const form = page.getByRole('search', { name: 'Filtrer les besoins' });
  await form.getByLabel('Commune').selectOption(commune.code);
  await form.getByLabel('Thème').selectOption({ label: THEME.label });
  await form.getByRole('button', { name: 'Filtrer' }).click();
  // Every field of the GET form travels, the empty ones too (search, EPCI, type, sort).
  await expect(page).toHaveURL(new RegExp(`/besoins\\?q=&commune=${commune.code}&epci=&theme=${THEME.key}&statut=&type=&tri=newest$`));
  await expect(page.getByRole('status')).toContainText('correspondant à ces critères');
  const total = await announcedCount(page);
  expect(total).toBeGreaterThan(PAGE_SIZE);
  // The form shows the filters in use.
  await expect(form.getByLabel('Commune')).toHaveValue(commune.code);
  await expect(form.getByLabel('Thème')).toHaveValue(THEME.key);

  const items = page.locator('ol.needs > li');
  await expect(items).toHaveCount(PAGE_SIZE);
  await expect(items.first().getByRole('link')).toHaveText(title);
  await expect(items.first().getByRole('link')).toHaveAttribute('href', `/besoins/${reference}`);
  for (const meta of await items.locator('.meta').allTextContents()) expect(meta).toContain(commune.name);
  const firstPage = await items.getByRole('link').allTextContents();

  // Next page: the filters are kept, the needs are others, and a way back to the first page.
  await page.getByRole('link', { name: 'Page suivante' }).click();
  await expect(page).toHaveURL(new RegExp(`commune=${commune.code}&theme=${THEME.key}&apres=`));
  const secondPage = await items.getByRole('link').allTextContents();
  expect(secondPage.length).toBeGreaterThan(0);
  expect(secondPage.length).toBeLessThanOrEqual(PAGE_SIZE);
  const hrefs = await items.getByRole('link').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
  expect(hrefs).not.toContain(`/besoins/${reference}`);
  for (const meta of await items.locator('.meta').allTextContents()) expect(meta).toContain(commune.name);
  expect(firstPage.length + secondPage.length).toBeLessThanOrEqual(total);
  await page.getByRole('link', { name: 'Première page' }).click();
  await expect(page).toHaveURL(new RegExp(`/besoins\\?commune=${commune.code}&theme=${THEME.key}$`));
  await expect(items.first().getByRole('link')).toHaveText(title);

  // Filtering on a status; then clearing the filters.
  await form.getByLabel('Statut').selectOption({ label: 'transmis' });
  await form.getByRole('button', { name: 'Filtrer' }).click();
  await expect(page).toHaveURL(/statut=transmitted/);
  for (const status of await items.locator('.status').allTextContents()) expect(status).toBe('transmis');
  await page.getByRole('link', { name: 'Effacer les filtres' }).click();
  await expect(page).toHaveURL(/\/besoins$/);
  await expect(page.getByRole('status')).not.toContainText('correspondant à ces critères');
});

test('a reference typed loosely lands on the canonical address', async ({ page, residentRequest: request, baseURL }) => {
  const reference = await submitNeedOverHttp(request, baseURL!, {
    title: 'Tags sur le mur de la salle des fêtes',
    description: 'Des tags recouvrent le mur nord de la salle des fêtes depuis le week-end dernier.',
    categoryKey: 'cleanliness',
    communeCode: COMMUNES.avrille.code,
  });
  const loose = reference.replace('-', '').toLowerCase();
  const response = await page.goto(`/besoins/${loose}`);
  expect(response?.request().redirectedFrom()?.url()).toContain(`/besoins/${loose}`);
  await expect(page).toHaveURL(new RegExp(`/besoins/${reference}$`));
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Tags sur le mur de la salle des fêtes');
});

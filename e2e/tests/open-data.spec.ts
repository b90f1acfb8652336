// Open data (issue 7 item 2) and the public moderation log (item 6): the operators' command publishes
// the day's files (`node apps/worker/dist/run-job.js publish-open-data`), /donnees lists them with their
// size, row count, Table Schema and licence, a file downloads through the web server, /donnees/moderation
// shows the monthly counts. Both projects (JavaScript on and off), axe on each page.
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { expect, type Browser, type Page, type TestInfo } from '@playwright/test';
import { COMMUNES, auditHydrated, auditWithoutJs, jsEnabled, root, runToken, submitNeedOverHttp } from '../support/app';
import { test } from '../support/fixtures';
import { stackDatabaseUrl } from '../support/people';
import { servicesEnv } from '../support/services';

async function audit(page: Page, browser: Browser, baseURL: string, testInfo: TestInfo, url: string) {
  const target = { name: url, open: (p: Page) => p.goto(url).then(() => undefined) };
  if (jsEnabled(testInfo)) await auditHydrated(page, target, testInfo);
  else await auditWithoutJs(browser, baseURL, target, testInfo);
}

test('the open-data page lists the day’s files with their schema and licence, and a file downloads', async ({ page, browser, baseURL, residentRequest }, testInfo) => {
  test.setTimeout(120_000);
  const token = runToken(testInfo);
  const reference = await submitNeedOverHttp(residentRequest, baseURL!, {
    title: `Données ouvertes ${token}`,
    description: 'Le banc du square est cassé depuis un mois, il manque deux lattes du dossier.',
    categoryKey: 'waste_collection',
    communeCode: COMMUNES.avrille.code,
  });
  // Today's files: the other project may publish them first (the job is idempotent per day and format),
  // so this need is in them only when this run published first; the download is checked either way.
  const env = { ...process.env, ...servicesEnv(), DATABASE_URL: await stackDatabaseUrl(baseURL!), STORAGE_DIR: path.join(root, '.data', 'storage-e2e'), OPEN_DATA_SCHEDULE: 'off', NODE_ENV: 'production' };
  const run = await promisify(execFile)(process.execPath, [path.join(root, 'apps/worker/dist/run-job.js'), 'publish-open-data'], { cwd: root, env, encoding: 'utf8', timeout: 60_000 });
  expect(run.stdout).toContain('publish-open-data done');

  await page.goto('/plan-du-site');
  await page.getByRole('link', { name: 'Données ouvertes' }).click();
  await expect(page).toHaveURL(/\/donnees$/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Données ouvertes');
  const table = page.getByRole('table');
  await expect(table.getByRole('columnheader')).toHaveText(['Fichier', 'Date', 'Besoins', 'Taille', 'Schéma']);
  await expect(table.getByRole('rowheader')).toHaveCount(3);
  await expect(page.getByRole('link', { name: 'Licence Ouverte version 2.0 (Etalab)' })).toHaveAttribute('href', 'https://www.etalab.gouv.fr/licence-ouverte-open-licence/');
  await expect(page.getByRole('link', { name: 'Schéma CSV' })).toHaveAttribute('href', '/donnees/schema/besoins-csv.schema.json');
  await audit(page, browser, baseURL!, testInfo, '/donnees');

  // The CSV file, through the web server.
  const link = page.getByRole('link', { name: /^CSV : besoins\.csv$/ });
  await expect(link).toHaveAttribute('href', /^\/donnees\/fichiers\/\d{4}-\d{2}-\d{2}\/besoins\.csv$/);
  const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
  expect(download.suggestedFilename()).toMatch(/^besoins-\d{4}-\d{2}-\d{2}\.csv$/);
  const csv = readFileSync((await download.path())!, 'utf8');
  expect(csv.split('\r\n')[0]).toMatch(/^reference,date_depot,date_mise_a_jour,date_premiere_reponse,statut,/);
  const rows = Number((await table.getByRole('row').filter({ has: page.getByRole('link', { name: /besoins\.csv/ }) }).getByRole('cell').nth(1).innerText()).replace(/\D/g, ''));
  expect(csv.split('\r\n').filter(Boolean)).toHaveLength(rows + 1);
  const published = csv.includes(reference);
  testInfo.annotations.push({ type: 'open data', description: published ? `${reference} is in today's CSV` : 'today was published before this need' });

  // The schema, readable by a machine.
  const schema = (await (await page.request.get('/donnees/schema/besoins-csv.schema.json')).json()) as { fields: Array<{ name: string }>; licenses: Array<{ name: string }> };
  expect(schema.fields.map((field) => field.name).join(',')).toBe(csv.split('\r\n')[0]);
  expect(schema.licenses[0]!.name).toBe('etalab-2.0');
  expect((await page.request.get('/donnees/fichiers/2001-01-01/besoins.csv')).status()).toBe(404);
  expect((await page.request.get('/donnees/fichiers/2001-01-01/autre.csv')).status()).toBe(404);
});

test('the public moderation log shows the counts of the last 12 months', async ({ page, browser, baseURL }, testInfo) => {
  await page.goto('/donnees');
  await page.getByRole('link', { name: 'journal de la modération' }).click();
  await expect(page).toHaveURL(/\/donnees\/moderation$/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Journal de la modération');
  const months = page.getByRole('table', { name: 'Les 12 derniers mois' });
  await expect(months.getByRole('columnheader')).toHaveText(['Mois', 'Besoins masqués', 'Besoins rétablis', 'Commentaires masqués', 'Signalements reçus']);
  await expect(months.getByRole('rowheader')).toHaveCount(12);
  const thisMonth = new Intl.DateTimeFormat('fr-FR', { month: 'long', year: 'numeric', timeZone: 'Europe/Paris' }).format(new Date());
  await expect(months.getByRole('rowheader').first()).toHaveText(thisMonth);
  await expect(page.getByRole('table', { name: 'Signalements reçus sur 12 mois, par motif' }).getByRole('rowheader')).toHaveText([
    'Publicité ou spam',
    'Propos injurieux, haineux ou menaçants',
    'Données personnelles (nom, adresse, téléphone…)',
    'Ce n’est pas un besoin de service public',
    'Sans rapport avec le besoin',
    'Autre raison',
  ]);
  await audit(page, browser, baseURL!, testInfo, '/donnees/moderation');
});

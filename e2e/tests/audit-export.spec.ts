// Audit journal and inbox exports (issue 5 items 8 and 9, H6): an admin verifies an organisation, finds
// that action in the journal with the filters and downloads the filtered journal as CSV; an agent asks
// for a CSV export of the filtered inbox, watches it get built (the page refreshes itself, no JavaScript
// needed), downloads it, and an expired link says so. Both pages are server-only (csr = false):
// both projects take the plain paths. Staff roles and needs are seeded with SQL on the stack's database.
import { readFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { expect, test, type APIRequestContext, type Page } from '@playwright/test';
import { auditHydrated, auditWithoutJs, runToken } from '../support/app';
import { logIn, newPerson, notice, signUpOverHttp, type Person } from '../support/people';
import { stackSql as sql } from '../support/sql';

const ALPHABET = '23456789ABCDEFGHJKMNPQRSTVWXYZ';
const AVRILLE = `(SELECT id FROM authority WHERE kind = 'commune' AND code = '49015')`;
const JOURNAL_HEADER = "\uFEFFDate,Auteur,Identifiant de l'auteur,Action,Type d'objet,Identifiant de l'objet,Collectivité,Avant,Après";
const EXPORT_HEADER = '\uFEFFRéférence,Titre,Statut,Thème,Catégorie,Commune,Canal,Soutiens,Seuil atteint,En retard,Réponse attendue le,Assigné à,Déposé le';

async function staff(page: Page, request: APIRequestContext, baseURL: string, person: Person, grant: string, params: unknown[] = []): Promise<string> {
  await signUpOverHttp(request, baseURL, person);
  const [{ id }] = await sql<{ id: string }>(baseURL, `SELECT id FROM person WHERE email = $1`, [person.email]);
  await sql(baseURL, grant, [id, ...params]);
  await page.goto('/connexion');
  await logIn(page, person);
  await expect(page).toHaveURL(/\/compte$/);
  return id;
}

/** Clicks a download link and returns the file's text. */
async function downloaded(page: Page, name: string): Promise<string> {
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name }).click()]);
  return readFileSync((await download.path())!, 'utf8');
}

test('an admin filters the journal and downloads the filtered entries as CSV', async ({ page, request, browser, baseURL }, testInfo) => {
  const token = runToken(testInfo).toLowerCase();
  const admin = newPerson(testInfo, 'jrn');
  const adminId = await staff(page, request, baseURL!, admin, `INSERT INTO role_assignment (person_id, role) VALUES ($1, 'admin')`);
  const name = `Amicale du journal ${token}`;
  const [organisation] = await sql<{ id: string }>(baseURL!, `INSERT INTO organisation (name, kind, identifier_type, created_by) VALUES ($1, 'association', 'none', $2) RETURNING id`, [
    name,
    adminId,
  ]);

  await page.goto('/admin');
  await page.getByRole('button', { name: `Vérifier ${name}` }).click();
  await expect(notice(page)).toHaveText("L'organisation est vérifiée.");

  await page.goto('/admin/journal');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Journal des actions');
  await page.getByLabel('Auteur (identifiant)').fill(adminId);
  await page.getByLabel('Action', { exact: true }).fill('organisation.*');
  await page.getByRole('button', { name: 'Filtrer' }).click();
  await expect(page).toHaveURL(new RegExp(`acteur=${adminId}&action=organisation.*`));
  const rows = page.getByRole('table').locator('tbody tr');
  await expect(rows).toHaveCount(1);
  await expect(rows.first()).toContainText('Organisation vérifiée');
  await expect(rows.first()).toContainText(organisation!.id);
  await expect(rows.first()).toContainText(admin.pseudonym);

  const csv = await downloaded(page, 'Télécharger ces actions (CSV)');
  const lines = csv.split('\r\n');
  expect(lines).toHaveLength(3);
  expect(lines[0]).toBe(JOURNAL_HEADER);
  expect(lines[1]).toMatch(new RegExp(`^\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2},${admin.pseudonym},${adminId},organisation\\.verify,organisation,${organisation!.id},,"{""verifiedAt"":null,""verifiedBy"":null}","{`));
  expect(lines[2]).toBe('');

  // A malformed filter is named, in French, and not sent.
  await page.getByLabel('Auteur (identifiant)').fill('moi');
  await page.getByRole('button', { name: 'Filtrer' }).click();
  await expect(page.getByRole('alert')).toContainText('Auteur (identifiant) : Indiquez un identifiant complet');

  const journal = `/admin/journal?acteur=${adminId}&action=organisation.*`;
  await auditHydrated(page, { name: 'journal', open: async (p) => void (await p.goto(journal)) }, testInfo);
  await auditWithoutJs(browser, baseURL!, { name: 'journal', open: async (p) => void (await p.goto(journal)) }, testInfo, await page.context().storageState());
});

test('an agent asks for an export of the filtered inbox, follows its progress and downloads it; an expired link says so', async ({ page, request, browser, baseURL }, testInfo) => {
  const token = runToken(testInfo).toLowerCase();
  const agent = newPerson(testInfo, 'exp');
  const agentId = await staff(page, request, baseURL!, agent, `INSERT INTO role_assignment (person_id, role, authority_id) VALUES ($1, 'agent', ${AVRILLE})`);
  const references: string[] = [];
  for (const [i, [title, status]] of [
    ['Un abri vélo, près de la gare', 'transmitted'],
    ['Des bancs au jardin', 'transmitted'],
    ['Une cour à ombrager', 'under_study'],
  ].entries()) {
    const reference = `B-${[...randomBytes(6)].map((byte) => ALPHABET[byte % ALPHABET.length]).join('')}`;
    references.push(reference);
    await sql(
      baseURL!,
      `INSERT INTO need (reference, title, description, category_key, commune_code, status, authority_id, created_at)
       VALUES ($1, $2, 'Une description suffisamment longue pour être acceptée par la plateforme.', 'schools', '49015', $3, ${AVRILLE}, $4)`,
      [reference, `${title} ${token}`, status, `2026-11-0${i + 1}T09:30:00Z`],
    );
  }

  // The inbox links here with its own query string.
  await page.goto(`/collectivite/exports?q=${encodeURIComponent(token)}&statut=transmitted`);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Exports CSV de la boîte de réception');
  await expect(page.getByRole('main')).toContainText('Collectivité : Avrillé');
  await expect(page.getByRole('main')).toContainText(`Besoins exportés : recherche « ${token} » ; statut : transmis.`);
  await page.getByRole('button', { name: "Demander l'export" }).click();
  await expect(notice(page)).toContainText('L’export est demandé');

  // The worker builds it; the page refreshes itself until it is ready.
  const row = page.getByRole('table').locator('tbody tr').first();
  await expect(row).toContainText('Prêt', { timeout: 30_000 });
  await expect(row).toContainText('2 / 2 lignes');
  await expect(page.locator('meta[http-equiv="refresh"]')).toHaveCount(0);

  const csv = await downloaded(page, /^Télécharger/);
  expect(csv.split('\r\n')).toEqual([
    EXPORT_HEADER,
    `${references[1]},Des bancs au jardin ${token},transmis,"Enfance, éducation, jeunesse","Écoles, cantine, périscolaire",Avrillé,En ligne,0,non,non,,,2026-11-02 10:30`,
    `${references[0]},"Un abri vélo, près de la gare ${token}",transmis,"Enfance, éducation, jeunesse","Écoles, cantine, périscolaire",Avrillé,En ligne,0,non,non,,,2026-11-01 10:30`,
    '',
  ]);

  await auditHydrated(page, { name: 'exports', open: async (p) => void (await p.goto('/collectivite/exports')) }, testInfo);
  await auditWithoutJs(browser, baseURL!, { name: 'exports', open: async (p) => void (await p.goto('/collectivite/exports')) }, testInfo, await page.context().storageState());

  // Past its expiry, the link says so.
  const link = await page.getByRole('link', { name: /^Télécharger/ }).getAttribute('href');
  await sql(baseURL!, `UPDATE inbox_export SET expires_at = '2026-11-20T08:00:00Z' WHERE requested_by = $1`, [agentId]);
  await page.goto(link!);
  await expect(page).toHaveURL(/\/collectivite\/exports\?lien=expire$/);
  await expect(page.getByRole('alert')).toHaveText('Ce lien de téléchargement a expiré : demandez un nouvel export.');
  await expect(page.getByRole('table').locator('tbody tr').first()).toContainText('Lien expiré : demandez un nouvel export.');
  await expect(page.getByRole('link', { name: /^Télécharger/ })).toHaveCount(0);
});

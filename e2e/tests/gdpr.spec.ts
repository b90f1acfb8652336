// GDPR by default (issue 7 item 5): a resident downloads their data from /compte/donnees (the worker
// builds the file; the page refreshes itself until it is ready, no JavaScript needed), then deletes the
// account from /compte/supprimer (a wrong password is named; the right one erases the account, the
// session ends, the public need stays under "Compte supprimé"); the privacy page is linked from every
// footer. The pages are server-only (csr = false): both projects take the plain paths; axe on each.
import { readFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { expect, test } from '@playwright/test';
import { auditHydrated, auditWithoutJs, runToken } from '../support/app';
import { logIn, newPerson, notice, signUpOverHttp } from '../support/people';
import { stackSql as sql } from '../support/sql';

const ALPHABET = '23456789ABCDEFGHJKMNPQRSTVWXYZ';
const AVRILLE = `(SELECT id FROM authority WHERE kind = 'commune' AND code = '49015')`;

test('a resident downloads their data, then deletes their account; their public need stays under "Compte supprimé"', async ({ page, request, browser, baseURL }, testInfo) => {
  const token = runToken(testInfo).toLowerCase();
  const person = newPerson(testInfo, 'rgpd');
  await signUpOverHttp(request, baseURL!, person);
  const [{ id }] = await sql<{ id: string }>(baseURL!, `SELECT id FROM person WHERE email = $1`, [person.email]);
  const reference = `B-${[...randomBytes(6)].map((byte) => ALPHABET[byte % ALPHABET.length]).join('')}`;
  const title = `Un abri pour les vélos ${token}`;
  await sql(
    baseURL!,
    `INSERT INTO need (reference, title, description, category_key, commune_code, status, authority_id, author_id)
     VALUES ($1, $2, 'Une description suffisamment longue pour être acceptée par la plateforme.', 'schools', '49015', 'transmitted', ${AVRILLE}, $3)`,
    [reference, title, id],
  );

  await page.goto('/connexion');
  await logIn(page, person);
  await expect(page).toHaveURL(/\/compte$/);

  // Télécharger mes données.
  await page.getByRole('link', { name: 'Télécharger mes données' }).click();
  await expect(page).toHaveURL(/\/compte\/donnees$/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Télécharger mes données');
  await expect(page.getByRole('main')).toContainText("Vous n'avez pas encore demandé de fichier.");
  await page.getByRole('button', { name: 'Demander mes données' }).click();
  await expect(notice(page)).toContainText('Votre demande est enregistrée');
  // The worker builds it; the page refreshes itself until it is ready.
  const link = page.getByRole('link', { name: 'Télécharger mes données' });
  await expect(link).toBeVisible({ timeout: 30_000 });
  await expect(page.locator('meta[http-equiv="refresh"]')).toHaveCount(0);
  await expect(page.getByRole('main')).toContainText('Lien valable jusqu');
  const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
  expect(download.suggestedFilename()).toMatch(/^mes-donnees-\d{4}-\d{2}-\d{2}\.json$/);
  const file = JSON.parse(readFileSync((await download.path())!, 'utf8'));
  expect(file.account).toMatchObject({ email: person.email, pseudonym: person.pseudonym });
  expect(file.needsAuthored.map((need: { reference: string; title: string }) => [need.reference, need.title])).toEqual([[reference, title]]);

  await auditHydrated(page, { name: 'donnees', open: async (p) => void (await p.goto('/compte/donnees')) }, testInfo);
  await auditWithoutJs(browser, baseURL!, { name: 'donnees', open: async (p) => void (await p.goto('/compte/donnees')) }, testInfo, await page.context().storageState());

  // A link past its 7 days says so.
  const href = await link.getAttribute('href');
  await sql(baseURL!, `UPDATE data_export SET expires_at = now() - interval '1 minute' WHERE person_id = $1`, [id]);
  await page.goto(href!);
  await expect(page).toHaveURL(/\/compte\/donnees\?lien=expire$/);
  await expect(page.getByRole('alert')).toHaveText('Ce lien de téléchargement a expiré (il vaut 7 jours) : demandez un nouveau fichier.');

  // Supprimer mon compte.
  await page.goto('/compte');
  await page.getByRole('link', { name: 'Supprimer mon compte' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Supprimer mon compte');
  await expect(page.getByRole('heading', { name: 'Ce qui est effacé' })).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Ce qui reste public' })).toBeVisible();
  await auditHydrated(page, { name: 'supprimer', open: async (p) => void (await p.goto('/compte/supprimer')) }, testInfo);
  await auditWithoutJs(browser, baseURL!, { name: 'supprimer', open: async (p) => void (await p.goto('/compte/supprimer')) }, testInfo, await page.context().storageState());

  await page.getByLabel('Mot de passe').fill('pas le bon mot de passe');
  await page.getByRole('button', { name: 'Supprimer définitivement mon compte' }).click();
  await expect(page.getByRole('alert')).toContainText('Mot de passe : Le mot de passe est incorrect.');
  await expect(page.getByLabel('Mot de passe')).toHaveValue('');
  await page.getByLabel('Mot de passe').fill('une phrase de passe solide');
  await page.getByRole('button', { name: 'Supprimer définitivement mon compte' }).click();
  await expect(page).toHaveURL(/\/$/);
  await expect(notice(page)).toHaveText('Votre compte est supprimé. Vos données personnelles sont effacées.');

  // Logged out for good; the public need stays, signed "Compte supprimé".
  await page.goto('/compte');
  await expect(page).toHaveURL(/\/connexion/);
  await logIn(page, person);
  await expect(page.getByRole('alert')).toBeVisible();
  await page.goto(`/besoins/${reference}`);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(title);
  await expect(page.getByRole('main')).toContainText('Compte supprimé');
  await expect(page.getByRole('main')).not.toContainText(person.pseudonym);
});

test('the privacy page is linked from the footer and states each processing, its basis and its durations', async ({ page, browser, baseURL }, testInfo) => {
  await page.goto('/');
  await page.getByRole('contentinfo').getByRole('link', { name: 'Données personnelles' }).click();
  await expect(page).toHaveURL(/\/confidentialite$/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Vos données personnelles');
  const main = page.getByRole('main');
  await expect(main).toContainText("mission d'intérêt public");
  await expect(main).toContainText('Sans connexion pendant 2 ans, il est supprimé.');
  await expect(main).toContainText('Nous vous prévenons par courriel 30 jours puis 7 jours avant.');
  await expect(main).toContainText('Durée : 1 an après la fin de la session.');
  await expect(main).toContainText('Son lien vaut 7 jours.');
  await expect(main.getByRole('link', { name: 'supprimez votre compte' })).toHaveAttribute('href', '/compte/supprimer');
  await auditHydrated(page, { name: 'confidentialite', open: async (p) => void (await p.goto('/confidentialite')) }, testInfo);
  await auditWithoutJs(browser, baseURL!, { name: 'confidentialite', open: async (p) => void (await p.goto('/confidentialite')) }, testInfo);
});

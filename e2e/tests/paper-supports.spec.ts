// Supports collected on paper (issue 6 item 4): a mediator records the people of a paper sheet one by one
// on /collectivite/soutiens-papier (name, birth year, commune, "Signature vue"); each counts toward the
// threshold; the same person is refused (also when they support online through FranceConnect); the
// database keeps an HMAC, never the name. The page ships no JavaScript: both projects post plain forms;
// axe on the no-JS DOM (auditWithoutJs) in the nojs project, on the hydrated one otherwise.
import { createHmac } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { auditHydrated, auditWithoutJs, jsEnabled, root, runToken } from '../support/app';
import { newPerson, notice, signUpOverHttp } from '../support/people';
import { logInAsStaff, seedNeed } from '../support/seed';
import { stackSql as sql } from '../support/sql';

/** The stack's HMAC key: the launcher keeps it in .data/paper-support-secret unless given. */
function paperSecret(): string {
  return process.env.PAPER_SUPPORT_SECRET || fs.readFileSync(path.join(root, '.data', 'paper-support-secret'), 'utf8').trim();
}

async function fillSupport(page: Page, name: string, year: string, commune: string | null, signature: boolean) {
  await page.getByLabel('Prénom et nom').fill(name);
  await page.getByLabel('Année de naissance').fill(year);
  if (commune) await page.getByLabel('Commune').selectOption({ label: commune });
  await page.getByLabel('Signature vue').setChecked(signature);
  await page.getByRole('button', { name: 'Enregistrer ce soutien' }).click();
}

test('a mediator records paper supports one by one; the same person is refused, on paper or online through FranceConnect', async ({
  page,
  browser,
  request,
  baseURL,
}, testInfo) => {
  const need = await seedNeed(baseURL!, testInfo, 'Abri bus maison de santé');
  // Angela Dubois, born 1962, supports it online through FranceConnect: her identity's hash, as the login stores it.
  const online = newPerson(testInfo, 'fc');
  await signUpOverHttp(request, baseURL!, online);
  const hash = createHmac('sha256', paperSecret()).update('angela dubois|1962').digest();
  await sql(
    baseURL!,
    `WITH p AS (SELECT id FROM person WHERE email = $1),
          i AS (INSERT INTO external_identity (provider, subject, person_id, identity_hash) SELECT 'franceconnect', $2, id, $3 FROM p)
     INSERT INTO need_support (need_id, person_id) SELECT $4, id FROM p`,
    [online.email, `fc-${runToken(testInfo)}`, hash, need.id],
  );
  await sql(baseURL!, `INSERT INTO need_support_tally (need_id, shard, supports) VALUES ($1, 0, 1)`, [need.id]);

  await logInAsStaff(page, request, baseURL!, testInfo, 'mediator', '49015');
  const open = (p: Page) => p.goto(`/collectivite/soutiens-papier?besoin=${need.reference.toLowerCase()}`).then(() => undefined);
  await open(page);
  await expect(page.getByRole('heading', { level: 2 })).toContainText(need.reference);
  await expect(page.getByText("1 soutien aujourd'hui ; seuil : 50.")).toBeVisible();
  const state = (await page.context().storageState()) as never;
  if (jsEnabled(testInfo)) await auditHydrated(page, { name: 'paper supports', open }, testInfo);
  else await auditWithoutJs(browser, baseURL!, { name: 'paper supports', open }, testInfo, state);

  // Nothing filled in: every field is named, nothing is recorded.
  await fillSupport(page, 'Cher', '62', null, false);
  const summary = page.getByRole('alert');
  await expect(summary).toContainText("Année de naissance : Indiquez l'année de naissance en 4 chiffres, par exemple 1962.");
  await fillSupport(page, 'Cher', '1962', null, false);
  await expect(summary).toContainText('Prénom et nom : Indiquez le prénom et le nom de la personne, comme sur la feuille.');
  await expect(summary).toContainText('Commune : Choisissez la commune de la personne.');
  await expect(summary).toContainText('Signature vue : Cochez « Signature vue » : un soutien sur papier compte seulement signé.');
  if (!jsEnabled(testInfo)) await auditWithoutJs(browser, baseURL!, { name: 'paper supports, errors', open: async (p) => {
    await open(p);
    await p.getByRole('button', { name: 'Enregistrer ce soutien' }).click();
    await expect(p.getByRole('alert')).toBeVisible();
  } }, testInfo, state);

  // Two people of the sheet.
  await fillSupport(page, 'Marie Dupont', '1980', 'Avrillé', true);
  await expect(notice(page)).toHaveText('Le soutien est enregistré et compté. Saisissez le suivant.');
  await expect(page.getByText("2 soutiens aujourd'hui ; seuil : 50.")).toBeVisible();
  await expect(page.getByLabel('Prénom et nom')).toHaveValue('');
  await fillSupport(page, 'Paul Martin', '1975', 'Avrillé', true);
  await expect(page.getByText("3 soutiens aujourd'hui ; seuil : 50.")).toBeVisible();

  // Marie again, written otherwise: refused. Angela, who supports online through FranceConnect: refused.
  await fillSupport(page, 'DUPONT marie', '1980', 'Avrillé', true);
  await expect(summary).toContainText('Prénom et nom : Cette personne a déjà soutenu ce besoin.');
  await fillSupport(page, 'Dubois Angéla', '1962', 'Avrillé', true);
  await expect(summary).toContainText('Prénom et nom : Cette personne a déjà soutenu ce besoin.');

  // The need page counts them; the database keeps no name.
  await page.getByRole('link', { name: 'Revenir à la page du besoin' }).click();
  await expect(page.locator('#support-count')).toHaveText('3 soutiens sur 50 pour obtenir une réponse officielle');
  const rows = await sql<Record<string, unknown>>(baseURL!, `SELECT count, note, commune_code, length(identity_hash) AS bytes FROM need_paper_support WHERE need_id = $1`, [need.id]);
  expect(rows).toEqual([
    { count: 1, note: null, commune_code: '49015', bytes: 32 },
    { count: 1, note: null, commune_code: '49015', bytes: 32 },
  ]);
  expect(JSON.stringify(await sql(baseURL!, `SELECT * FROM need_paper_support WHERE need_id = $1`, [need.id])).toLowerCase()).not.toMatch(/dupont|marie|martin|paul/);
});

// The triage page of a need (issue 5 items 1 and 4, H2): an agent of Angers Loire Métropole opens a need
// from its URL, is told which field a refusal lacks, changes its status with an answer template (picked
// without JavaScript: ?modele=…), assigns it, adds an internal note the public page never shows, and
// requalifies it from "déchets" to "espaces verts": it moves to the commune and the public page shows the
// move and its reason. Server-only pages: the same plain forms in both projects; axe with JS on and off.
import { expect, type APIRequestContext, type Page, type TestInfo } from '@playwright/test';
import { test } from '../support/fixtures';
import { auditWithoutJs, runToken, submitNeedOverHttp } from '../support/app';
import { logIn, newPerson, notice, signUpOverHttp } from '../support/people';
import { stackSql as sql } from '../support/sql';

/** Logs `page` in as a new agent of Avrillé's EPCI (Angers Loire Métropole); roles are read at log-in. */
async function logInAsAlmAgent(page: Page, request: APIRequestContext, baseURL: string, testInfo: TestInfo) {
  const person = newPerson(testInfo, 'agent');
  await signUpOverHttp(request, baseURL, person);
  await sql(
    baseURL,
    `INSERT INTO role_assignment (person_id, role, authority_id)
     SELECT p.id, 'agent', c.epci_id FROM person p, commune c WHERE p.email = $1 AND c.code = '49015'`,
    [person.email],
  );
  await page.goto('/connexion');
  await logIn(page, person);
  await expect(page).toHaveURL(/\/compte$/);
  return person;
}

test('an agent triages a need: refusal without reason refused, status with a template, assignment, internal note, requalification to the commune', async ({
  page,
  browser,
  baseURL,
  residentRequest,
}, testInfo) => {
  const token = runToken(testInfo);
  const reference = await submitNeedOverHttp(residentRequest, baseURL!, {
    title: `Bacs de tri jamais vidés ${token}`,
    description: 'Les bacs de tri du square débordent depuis trois semaines et attirent les nuisibles.',
    categoryKey: 'waste_collection',
    communeCode: '49015',
  });
  // The stack's worker routes it to Angers Loire Métropole (déchets: EPCI).
  await expect.poll(async () => (await sql<{ status: string }>(baseURL!, `SELECT status FROM need WHERE reference = $1`, [reference]))[0]?.status, { timeout: 20_000 }).toBe(
    'transmitted',
  );
  const templateTitle = `Étude en cours ${token}`;
  const templateBody = `Nos services étudient votre demande (${token}).`;
  await sql(
    baseURL!,
    `INSERT INTO answer_template (authority_id, title, body, status) SELECT c.epci_id, $1, $2, 'under_study' FROM commune c WHERE c.code = '49015'`,
    [templateTitle, templateBody],
  );
  const agent = await logInAsAlmAgent(page, residentRequest, baseURL!, testInfo);
  const triageUrl = `/collectivite/besoins/${reference}`;

  await page.goto(triageUrl);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(`Traiter le besoin ${reference} : Bacs de tri jamais vidés ${token}`);
  await expect(page.getByRole('link', { name: 'Fusionner avec un autre besoin' })).toHaveAttribute('href', `/collectivite/besoins/${reference}/fusionner`);
  const storageState = (await page.context().storageState()) as never;
  await auditWithoutJs(browser, baseURL!, { name: 'triage page', open: (p) => p.goto(triageUrl).then(() => undefined) }, testInfo, storageState);

  // A refusal without its public reason: the error names the field, nothing changes.
  await page.getByRole('radio', { name: /^refusé/ }).check();
  await page.getByRole('button', { name: 'Changer le statut' }).click();
  await expect(page.getByRole('alert')).toContainText('Motif public : Indiquez le motif : il sera affiché publiquement.');
  await expect(page.getByLabel('Motif public')).toHaveAttribute('aria-invalid', 'true');
  await expect(page).toHaveTitle(/^Erreur : /);
  await auditWithoutJs(browser, baseURL!, {
    name: 'triage page, refusal without reason',
    open: async (p) => {
      await p.goto(triageUrl);
      await p.getByRole('radio', { name: /^refusé/ }).check();
      await p.getByRole('button', { name: 'Changer le statut' }).click();
      await expect(p.getByRole('alert')).toBeVisible();
    },
  }, testInfo, storageState);
  expect(await sql(baseURL!, `SELECT status FROM need WHERE reference = $1`, [reference])).toEqual([{ status: 'transmitted' }]);

  // The template picker works without JavaScript: a GET that pre-fills the answer and its status.
  await page.goto(triageUrl);
  await page.getByLabel('Modèle de réponse').selectOption({ label: `${templateTitle} (en étude)` });
  await page.getByRole('button', { name: 'Utiliser ce modèle' }).click();
  await expect(page).toHaveURL(/\?(.*&)?modele=/);
  await expect(page.getByLabel('Réponse publique')).toHaveValue(templateBody);
  await expect(page.getByRole('radio', { name: 'en étude' })).toBeChecked();
  await page.getByRole('button', { name: 'Changer le statut' }).click();
  await expect(notice(page)).toHaveText('Le statut du besoin est changé ; les personnes qui le suivent sont prévenues.');
  await expect(page).toHaveURL(new RegExp(`${triageUrl}$`));
  expect(await sql(baseURL!, `SELECT n.status, h.note FROM need n JOIN need_status_change h ON h.need_id = n.id AND h.status = n.status WHERE n.reference = $1`, [reference])).toEqual([
    { status: 'under_study', note: templateBody },
  ]);

  // Assignment to the agent, then an internal note.
  await page.getByLabel('Agent', { exact: true }).selectOption({ label: agent.pseudonym });
  await page.getByRole('button', { name: 'Attribuer' }).click();
  await expect(notice(page)).toHaveText('L’attribution du besoin est enregistrée.');
  await expect(page.locator('dl.facts')).toContainText(`Attribué à ${agent.pseudonym}`);
  const secret = `Rappeler le prestataire de collecte ${token}`;
  await page.getByLabel('Note interne').fill(secret);
  await page.getByRole('button', { name: 'Ajouter la note' }).click();
  await expect(notice(page)).toHaveText('La note interne est ajoutée. Elle n’est visible que par les agents.');
  await expect(page.getByRole('main')).toContainText(secret);

  // Requalified to "espaces verts": the commune is in charge now; the agent lands on the public page.
  await page.getByLabel('Nouvelle catégorie').selectOption({ label: 'Parcs, aires de jeux, arbres' });
  await page.getByLabel('Motif de la requalification').fill('Les bacs sont dans le square : son entretien relève de la commune.');
  await page.getByRole('button', { name: 'Requalifier' }).click();
  await expect(page).toHaveURL(new RegExp(`/besoins/${reference}$`));
  await expect(notice(page)).toHaveText('Le besoin est requalifié : il suit maintenant la collectivité compétente pour sa nouvelle catégorie.');
  const moves = page.getByRole('main').locator('ol.timeline').first();
  await expect(moves).toContainText('Transmis à Angers Loire Métropole');
  await expect(moves).toContainText('Requalifié, transmis à Avrillé. Motif : Les bacs sont dans le square : son entretien relève de la commune.');
  await expect(page.getByRole('main')).toContainText(templateBody);
  await expect(page.getByRole('main')).not.toContainText(secret);
  expect(await sql(baseURL!, `SELECT n.category_key AS "categoryKey", a.name FROM need n JOIN authority a ON a.id = n.authority_id WHERE n.reference = $1`, [reference])).toEqual([
    { categoryKey: 'parks_playgrounds_trees', name: 'Avrillé' },
  ]);
  // The ALM agent no longer triages it.
  const denied = await page.goto(triageUrl);
  expect(denied?.status()).toBe(403);
});

test('an agent writes, edits and deletes an answer template of their authority; a missing title is named', async ({ page, browser, baseURL, residentRequest }, testInfo) => {
  const token = runToken(testInfo);
  await logInAsAlmAgent(page, residentRequest, baseURL!, testInfo);
  await page.goto('/collectivite/modeles');
  await expect(page.getByRole('heading', { level: 2, name: 'Modèles : Angers Loire Métropole' })).toBeVisible();
  const storageState = (await page.context().storageState()) as never;
  await auditWithoutJs(browser, baseURL!, { name: 'templates page', open: (p) => p.goto('/collectivite/modeles').then(() => undefined) }, testInfo, storageState);

  await page.getByLabel('Texte de la réponse publique').fill(`Votre demande est refusée : elle ne relève pas de nos services (${token}).`);
  await page.getByRole('button', { name: 'Enregistrer le modèle' }).click();
  await expect(page.getByRole('alert')).toContainText('Titre du modèle : Indiquez le titre du modèle.');
  await expect(page.getByLabel('Titre du modèle')).toHaveAttribute('aria-invalid', 'true');

  const title = `Refus ${token}`;
  await page.getByLabel('Titre du modèle').fill(title);
  await page.getByLabel('Statut qu’il accompagne').selectOption({ label: 'refusé' });
  await page.getByRole('button', { name: 'Enregistrer le modèle' }).click();
  await expect(notice(page)).toHaveText('Le modèle de réponse est enregistré.');
  await expect(page.getByRole('heading', { level: 3, name: title })).toBeVisible();
  await expect(page.getByRole('main')).toContainText('Pour le statut « refusé »');

  await page.getByRole('link', { name: `Modifier le modèle « ${title} »` }).click();
  await expect(page.getByLabel('Titre du modèle')).toHaveValue(title);
  await page.getByLabel('Texte de la réponse publique').fill(`Votre demande relève d’un autre organisme (${token}).`);
  await page.getByRole('button', { name: 'Enregistrer le modèle' }).click();
  await expect(notice(page)).toHaveText('Le modèle de réponse est enregistré.');
  await expect(page.getByRole('main')).toContainText(`Votre demande relève d’un autre organisme (${token}).`);

  await page.getByRole('button', { name: `Supprimer le modèle « ${title} »` }).click();
  await expect(notice(page)).toHaveText('Le modèle de réponse est supprimé.');
  await expect(page.getByRole('heading', { level: 3, name: title })).toHaveCount(0);
  expect(
    await sql(baseURL!, `SELECT action FROM audit_entry WHERE subject_type = 'answer_template' AND (before->>'title' = $1 OR after->>'title' = $1) ORDER BY created_at, id`, [title]),
  ).toEqual([{ action: 'answer_template.create' }, { action: 'answer_template.update' }, { action: 'answer_template.delete' }]);
});

// Assisted intake (issue 6 items 1, 2, 3, 5), the "Done when" journey: a mediator of Avrillé records a
// need for a resident who has a phone only (keyboard only), prints the receipt; anyone follows it with
// the code on /suivi; an agent answers; the mediator's list shows a to-do to call the resident back and
// the mediator marks it done; the resident claims the need into a new account (a wrong phone first).
// Then a letter to print, a revoked mandate (contact erased) and the admins' channel statistics.
// Every page is server-only: both projects post plain forms; axe on the no-JS DOM of every page.
import { expect, test, type Browser, type Page, type TestInfo } from '@playwright/test';
import { auditHydrated, auditWithoutJs, jsEnabled, runToken } from '../support/app';
import { logIn, makeAdmin, newPerson, notice, signUpOverHttp } from '../support/people';
import { logInAsStaff } from '../support/seed';
import { stackSql as sql } from '../support/sql';

async function audit(page: Page, browser: Browser, baseURL: string, testInfo: TestInfo, name: string, open: (p: Page) => Promise<void>) {
  if (jsEnabled(testInfo)) await auditHydrated(page, { name, open }, testInfo);
  else await auditWithoutJs(browser, baseURL, { name, open }, testInfo, (await page.context().storageState()) as never);
}

/** Tabs (forward) until the element with `id` has the focus: reached by keyboard alone. */
async function tabTo(page: Page, id: string) {
  for (let i = 0; i < 80; i++) {
    if ((await page.evaluate(() => document.activeElement?.id ?? '').catch(() => '')) === id) return;
    await page.keyboard.press('Tab');
  }
  throw new Error(`#${id} never got the focus by Tab`);
}

/** The focus on a radio or checkbox by its id, through Tab then arrow keys inside its group. */
async function arrowTo(page: Page, id: string) {
  for (let i = 0; i < 8; i++) {
    if ((await page.evaluate(() => document.activeElement?.id ?? '')) === id) return;
    await page.keyboard.press('ArrowDown');
  }
  throw new Error(`#${id} never got the focus by the arrow keys`);
}

/** Picks an option of the focused select with the arrow keys (its closed list moves one option a press). */
async function chooseByArrows(page: Page, id: string, value: string) {
  const index = await page.locator(`#${id} option`).evaluateAll((options, wanted) => options.findIndex((option) => (option as HTMLOptionElement).value === wanted), value);
  expect(index).toBeGreaterThan(0);
  for (let i = 0; i < index; i++) await page.keyboard.press('ArrowDown');
  await expect(page.locator(`#${id}`)).toHaveValue(value);
}

async function waitForStatus(baseURL: string, reference: string, status: string) {
  await expect.poll(async () => (await sql<{ status: string }>(baseURL, `SELECT status FROM need WHERE reference = $1`, [reference]))[0]?.status, { timeout: 30_000 }).toBe(status);
}

test('a mediator records a need for a resident with a phone only, prints the receipt; /suivi; an answer becomes a to-do; the resident claims the need', async ({
  page,
  browser,
  request,
  baseURL,
}, testInfo) => {
  const token = runToken(testInfo);
  const title = `Rampe d'accès à l'école ${token}`;
  await logInAsStaff(page, request, baseURL!, testInfo, 'mediator', '49015');
  await page.getByRole('link', { name: 'Médiation' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Médiation : Avrillé');
  await audit(page, browser, baseURL!, testInfo, 'mediation', (p) => p.goto('/mediation').then(() => undefined));

  await page.getByRole('link', { name: 'Déposer un besoin pour une personne' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Déposer un besoin pour une personne');
  await audit(page, browser, baseURL!, testInfo, 'assisted form', (p) => p.goto('/mediation/nouveau').then(() => undefined));

  // Sent empty: every missing field is named, nothing is recorded.
  await page.getByRole('button', { name: 'Publier le besoin et imprimer le reçu' }).click();
  const summary = page.getByRole('alert');
  await expect(summary).toContainText('Arrivé par : Choisissez par quel canal le besoin est arrivé (guichet, France services, téléphone, courrier ou courriel).');
  await expect(summary).toContainText('Nom ou initiales de la personne : Indiquez le nom ou les initiales de la personne.');
  await expect(summary).toContainText('Durée du mandat : Choisissez la durée du mandat : 1 jour, 6 mois ou 1 an.');
  await expect(summary).toContainText('Accord de la personne : Sans l’accord de la personne pour une publication sous pseudonyme, le besoin ne peut pas être publié.');
  await expect(page).toHaveTitle(/^Erreur : /);
  if (!jsEnabled(testInfo)) {
    await auditWithoutJs(browser, baseURL!, {
      name: 'assisted form, errors',
      open: async (p) => {
        await p.goto('/mediation/nouveau');
        await p.getByRole('button', { name: 'Publier le besoin et imprimer le reçu' }).click();
        await expect(p.getByRole('alert')).toBeVisible();
      },
    }, testInfo, (await page.context().storageState()) as never);
  }

  // Keyboard only: Tab between fields, type, arrow keys in the radio groups, Space for the consent, Enter to send.
  await page.goto('/mediation/nouveau');
  await page.locator('body').focus();
  await tabTo(page, 'title');
  await page.keyboard.type(title);
  await page.keyboard.press('Tab');
  await page.keyboard.type('Les fauteuils ne passent pas la marche de l’entrée principale de l’école.');
  await tabTo(page, 'categoryKey');
  await chooseByArrows(page, 'categoryKey', 'schools');
  await tabTo(page, 'communeCode');
  await chooseByArrows(page, 'communeCode', '49015');
  await tabTo(page, 'channel');
  await arrowTo(page, 'channel-france_services');
  await tabTo(page, 'residentLabel');
  await page.keyboard.type('M. D.');
  await tabTo(page, 'contactKind');
  await page.keyboard.press('Space');
  await tabTo(page, 'phone');
  await page.keyboard.type('06 12 34 56 78');
  await tabTo(page, 'duration');
  await arrowTo(page, 'duration-six_months');
  await tabTo(page, 'publicationConsent');
  await page.keyboard.press('Space');
  await tabTo(page, 'placePhone');
  await page.keyboard.type('02 41 00 00 00');
  await page.keyboard.press('Tab');
  await expect(page.getByRole('button', { name: 'Publier le besoin et imprimer le reçu' })).toBeFocused();
  await page.keyboard.press('Enter');

  // The printable receipt, right after.
  await expect(page).toHaveURL(/\/mediation\/recu\/B-[23456789ABCDEFGHJKMNPQRSTVWXYZ]{6}$/);
  const reference = page.url().split('/').pop()!;
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Reçu de votre besoin');
  await expect(page.getByText(`Votre code de suivi : ${reference}`)).toBeVisible();
  await expect(page.getByText('Par téléphone : appelez Avrillé au 02 41 00 00 00.')).toBeVisible();
  await expect(page.getByText('Nous vous appellerons au 06 12 34 56 78 quand votre besoin avancera.')).toBeVisible();
  await audit(page, browser, baseURL!, testInfo, 'receipt', (p) => p.goto(`/mediation/recu/${reference}`).then(() => undefined));
  const [row] = await sql<{ channel: string; author_id: string | null; contact_value: string; pseudonym: string }>(
    baseURL!,
    `SELECT n.channel, n.author_id, m.contact_value, m.pseudonym FROM need n JOIN need_mandate m ON m.need_id = n.id WHERE n.reference = $1`,
    [reference],
  );
  expect(row).toMatchObject({ channel: 'france_services', author_id: null, contact_value: '0612345678' });
  await waitForStatus(baseURL!, reference, 'transmitted');

  // Anyone with the code, without an account: /suivi (a GET form).
  const visitor = await browser.newPage();
  await visitor.goto('/');
  await visitor.getByRole('contentinfo').getByRole('link', { name: 'Suivre un besoin avec son code' }).click();
  await visitor.getByLabel('Code de suivi').fill(reference.toLowerCase());
  await visitor.getByRole('button', { name: 'Voir le suivi' }).click();
  await expect(visitor.getByRole('heading', { level: 2 })).toHaveText(`${reference} : ${title}`);
  await expect(visitor.locator('dl.facts .status')).toHaveText('transmis');
  await expect(visitor.getByText('La collectivité n\'a pas encore répondu.')).toBeVisible();
  await expect(visitor.getByRole('main')).not.toContainText('06 12 34 56 78');
  await expect(visitor.getByRole('main')).not.toContainText('M. D.');
  await audit(visitor, browser, baseURL!, testInfo, 'suivi', (p) => p.goto(`/suivi?code=${reference}`).then(() => undefined));
  await visitor.goto('/suivi?code=B-ZZZZZZ');
  await expect(visitor.getByText("Aucun besoin public n'a ce code. Vérifiez le code sur le reçu : 6 caractères après B-.")).toBeVisible();
  await audit(visitor, browser, baseURL!, testInfo, 'suivi, unknown code', (p) => p.goto('/suivi?code=B-ZZZZZZ').then(() => undefined));

  // An agent of Avrillé answers on the triage page.
  const agent = await (await browser.newContext()).newPage();
  await logInAsStaff(agent, request, baseURL!, testInfo, 'agent', '49015');
  await agent.goto(`/collectivite/besoins/${reference}`);
  await agent.getByRole('radio', { name: 'en étude' }).check();
  await agent.getByLabel('Réponse publique').fill('Nos services viennent voir la marche la semaine prochaine.');
  await agent.getByRole('button', { name: 'Changer le statut' }).click();
  await expect(notice(agent)).toHaveText('Le statut du besoin est changé ; les personnes qui le suivent sont prévenues.');

  // The mediator's list: a to-do to call the resident back (the worker creates it). Other runs' to-dos of
  // Avrillé may be listed too: this need's item only.
  const todo = page.getByRole('listitem').filter({ hasText: reference });
  await expect
    .poll(async () => {
      await page.goto('/mediation');
      return todo.getByRole('heading', { name: 'Rappeler la personne au 06 12 34 56 78' }).count();
    }, { timeout: 30_000 })
    .toBe(1);
  await expect(todo.getByText('Réponse : Nos services viennent voir la marche la semaine prochaine.')).toBeVisible();
  await audit(page, browser, baseURL!, testInfo, 'mediation with a to-do', (p) => p.goto('/mediation').then(() => undefined));
  await page.getByLabel(`Note (facultatif) sur ${reference}`).fill('Rappelée, elle a bien compris.');
  await page.getByRole('button', { name: `C'est fait : ${reference}` }).click();
  await expect(notice(page)).toHaveText('La tâche est notée comme faite.');
  await expect(page.getByRole('button', { name: `C'est fait : ${reference}` })).toHaveCount(0);
  await expect(page.getByText(`${reference} : en étude, fait le`)).toBeVisible();

  await visitor.goto(`/suivi?code=${reference}`);
  await expect(visitor.locator('dl.facts .status')).toHaveText('en étude');
  await expect(visitor.getByText('Nos services viennent voir la marche la semaine prochaine.')).toBeVisible();

  // Later the resident creates an account and claims the need: a wrong phone, then the right one.
  const resident = newPerson(testInfo, 'claim');
  await signUpOverHttp(request, baseURL!, resident);
  const claimer = await (await browser.newContext()).newPage();
  await claimer.goto('/connexion');
  await logIn(claimer, resident);
  await expect(claimer).toHaveURL(/\/compte$/);
  await claimer.goto(`/suivi?code=${reference}`);
  await claimer.getByRole('link', { name: 'Rattacher ce besoin à votre compte' }).click();
  await expect(claimer.getByLabel('Code de suivi')).toHaveValue(reference);
  await audit(claimer, browser, baseURL!, testInfo, 'claim', (p) => p.goto(`/compte/rattacher?code=${reference}`).then(() => undefined));
  await claimer.getByLabel('Numéro de téléphone').fill('06 00 00 00 00');
  await claimer.getByRole('button', { name: 'Rattacher le besoin' }).click();
  await expect(claimer.getByRole('alert')).toContainText('Numéro de téléphone : Ce code et ce numéro ne correspondent à aucun besoin à rattacher.');
  await expect(claimer.getByLabel('Numéro de téléphone')).toHaveAttribute('aria-invalid', 'true');
  await claimer.getByLabel('Numéro de téléphone').fill('06 12 34 56 78');
  await claimer.getByRole('button', { name: 'Rattacher le besoin' }).click();
  await expect(claimer).toHaveURL(new RegExp(`/besoins/${reference}$`));
  await expect(notice(claimer)).toHaveText('Le besoin est rattaché à votre compte. Vous serez informé de ses changements de statut.');
  expect(
    await sql(baseURL!, `SELECT p.email, m.contact_value, m.end_reason FROM need n JOIN person p ON p.id = n.author_id JOIN need_mandate m ON m.need_id = n.id WHERE n.reference = $1`, [reference]),
  ).toEqual([{ email: resident.email, contact_value: null, end_reason: 'claimed' }]);
  await Promise.all([visitor.context().close(), agent.context().close(), claimer.context().close()]);
});

test('a letter to print for a resident reached by post; the mandate revoked erases the contact; admins see the channels per commune', async ({
  page,
  browser,
  request,
  baseURL,
}, testInfo) => {
  const token = runToken(testInfo);
  await logInAsStaff(page, request, baseURL!, testInfo, 'mediator', '49015');
  await page.goto('/mediation/nouveau');
  await page.getByLabel('Titre du besoin').fill(`Banc devant la mairie ${token}`);
  await page.getByLabel('Description').fill('Le banc devant la mairie est cassé depuis le mois dernier.');
  await page.getByLabel('Thème').selectOption({ label: 'Écoles, cantine, périscolaire' });
  await page.getByLabel('Commune').selectOption({ label: 'Avrillé (49240)' });
  await page.getByRole('radio', { name: 'Courrier', exact: true }).check();
  await page.getByLabel('Nom ou initiales de la personne').fill('Jeanne Martin');
  await page.getByRole('radio', { name: 'Par courrier' }).check();
  await page.getByLabel('Adresse postale de la personne').fill('Jeanne Martin\n3 rue des Lilas\n49240 Avrillé');
  await page.getByRole('radio', { name: '1 an' }).check();
  await page.getByLabel('La personne accepte que son besoin soit publié sous un pseudonyme').check();
  await page.getByRole('button', { name: 'Publier le besoin et imprimer le reçu' }).click();
  await expect(page).toHaveURL(/\/mediation\/recu\/B-/);
  const reference = page.url().split('/').pop()!;
  await waitForStatus(baseURL!, reference, 'transmitted');
  // The authority's answer, as the workflow records it (status history row and its job's to-do).
  await sql(
    baseURL!,
    `WITH n AS (UPDATE need SET status = 'accepted' WHERE reference = $1 RETURNING id),
          h AS (INSERT INTO need_status_change (need_id, status, note) SELECT id, 'accepted', 'Le banc sera remplacé en mars.' FROM n RETURNING id, need_id)
     INSERT INTO mediation_todo (mandate_id, authority_id, status_change_id, kind)
     SELECT m.id, m.authority_id, h.id, 'postal' FROM h JOIN need_mandate m ON m.need_id = h.need_id`,
    [reference],
  );
  await page.goto('/mediation');
  await expect(page.getByRole('listitem').filter({ hasText: reference }).getByRole('heading', { name: 'Courrier à envoyer' })).toHaveCount(1);
  await page.getByRole('link', { name: `Imprimer le courrier de ${reference}` }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(`Des nouvelles de votre besoin ${reference}`);
  await expect(page.locator('address')).toContainText('3 rue des Lilas');
  await expect(page.getByText('Son statut est maintenant : accepté.')).toBeVisible();
  const letterUrl = page.url();
  await audit(page, browser, baseURL!, testInfo, 'letter', (p) => p.goto(letterUrl).then(() => undefined));

  // Revoked: the name and the address are erased at once.
  await page.goto('/mediation');
  await page.getByRole('button', { name: `Révoquer le mandat de ${reference}` }).click();
  await expect(notice(page)).toHaveText('Le mandat est révoqué : le nom et le contact de la personne sont effacés.');
  expect(await sql(baseURL!, `SELECT m.resident_label, m.contact_value, m.end_reason FROM need_mandate m JOIN need n ON n.id = m.need_id WHERE n.reference = $1`, [reference])).toEqual([
    { resident_label: null, contact_value: null, end_reason: 'revoked' },
  ]);
  await page.goto(letterUrl);
  await expect(page.getByText('Adresse effacée : le mandat a pris fin.')).toBeVisible();
  // Every use of the mandate is in its journal.
  await page.goto('/mediation');
  await page.getByRole('link', { name: `Journal du mandat de ${reference}` }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(`Mandat du besoin ${reference}`);
  const journal = page.getByRole('list').filter({ hasText: 'Mandat enregistré' });
  for (const entry of ['Mandat enregistré', 'Reçu affiché', 'Courrier affiché', 'Mandat révoqué', 'Nom et contact effacés', 'Mandat consulté']) await expect(journal).toContainText(entry);
  await expect(page.locator('dl.facts')).toContainText('Terminé : révoqué');
  const journalUrl = page.url();
  await audit(page, browser, baseURL!, testInfo, 'mandate journal', (p) => p.goto(journalUrl).then(() => undefined));

  // The admins' statistics: Avrillé counts this need in its "Courrier" column.
  const admin = newPerson(testInfo, 'admin');
  await makeAdmin(request, baseURL!, admin);
  const adminPage = await (await browser.newContext()).newPage();
  await adminPage.goto('/connexion');
  await logIn(adminPage, admin);
  await adminPage.goto('/admin');
  await adminPage.getByRole('link', { name: 'Canaux de dépôt' }).click();
  await expect(adminPage.getByRole('heading', { level: 1 })).toHaveText('Canaux de dépôt');
  const avrille = adminPage.getByRole('row', { name: /^Avrillé / });
  await expect(avrille).toBeVisible();
  const courrier = await adminPage.getByRole('columnheader').allTextContents();
  const cells = await avrille.getByRole('cell').allTextContents();
  expect(Number(cells[courrier.indexOf('Courrier') - 1])).toBeGreaterThanOrEqual(1);
  await audit(adminPage, browser, baseURL!, testInfo, 'channels', (p) => p.goto('/admin/canaux').then(() => undefined));
  await adminPage.context().close();
  // Other people are refused.
  await page.goto('/admin/canaux');
  await expect(page.getByRole('heading', { level: 1 })).not.toHaveText('Canaux de dépôt');
});

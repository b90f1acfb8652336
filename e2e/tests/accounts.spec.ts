// Accounts, organisations and needs without an account, through the real web app (issue 3).
// Every test runs in both projects: `js` and `nojs`. The account pages never hydrate (csr = false), so
// both take the plain HTML path; the need form hydrates in `js` and posts with use:enhance there.
//
// Not covered here, for want of a mailbox in e2e/ (the stack logs emails instead of sending them when
// SMTP_URL is unset): following the emailed links (email verification, password reset, email change,
// organisation invitation, need confirmation). The api's integration tests cover them with a real SMTP
// sink; an e2e version needs the launcher started with SMTP_URL pointing at a sink the tests can read.
// Not covered either: the admin page as an admin (no way yet to create an admin from e2e/).
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Browser, type BrowserContext, type Page, type TestInfo } from '@playwright/test';
import { COMMUNES, continueNeedForm, fillNeedForm, jsEnabled, publishNeedForm, REFERENCE_PATH, runToken } from '../support/app';

const PASSWORD = 'une phrase de passe solide';

interface Person {
  pseudonym: string;
  email: string;
}

/** A person nobody used before (the embedded database is kept between runs). */
function newPerson(testInfo: TestInfo, tag: string): Person {
  const token = `${runToken(testInfo)}${tag}`;
  return { pseudonym: `Habitant ${token}`, email: `${token.toLowerCase()}@example.fr` };
}

async function signUp(page: Page, person: Person): Promise<void> {
  await page.goto('/inscription');
  await page.getByLabel('Pseudonyme').fill(person.pseudonym);
  await page.getByLabel('Adresse électronique').fill(person.email);
  await page.getByLabel('Mot de passe').fill(PASSWORD);
  await page.getByRole('button', { name: 'Créer mon compte' }).click();
  await expect(page).toHaveURL(/\/compte$/);
}

async function logIn(page: Page, person: Person, password = PASSWORD): Promise<void> {
  await page.getByLabel('Adresse électronique').fill(person.email);
  await page.getByLabel('Mot de passe', { exact: true }).fill(password);
  await page.getByRole('button', { name: 'Se connecter' }).click();
}

function header(page: Page) {
  return page.getByRole('banner');
}

function notice(page: Page) {
  return page.getByRole('main').getByRole('status').first();
}

test('sign up, log out, then log in again (a wrong password first)', async ({ page }, testInfo) => {
  const person = newPerson(testInfo, 'a');
  await signUp(page, person);
  await expect(notice(page)).toContainText('Votre compte est créé');
  await expect(header(page).getByRole('link', { name: `Mon compte (${person.pseudonym})` })).toBeVisible();
  await expect(page.getByRole('main')).toContainText(`${person.email} : pas encore confirmée`);

  await header(page).getByRole('button', { name: 'Se déconnecter' }).click();
  await expect(page).toHaveURL(/\/$/);
  await expect(notice(page)).toHaveText('Vous êtes déconnecté.');
  await header(page).getByRole('link', { name: 'Se connecter' }).click();

  // FranceConnect first, then "ou", then the local form; ProConnect for agents below.
  await expect(page.getByRole('link', { name: "S'identifier avec FranceConnect" })).toHaveAttribute('href', '/connexion/franceconnect');
  await expect(page.getByRole('link', { name: "Qu'est-ce que FranceConnect ?" })).toHaveAttribute('href', 'https://franceconnect.gouv.fr/');
  await expect(page.getByRole('link', { name: "Agent d'une collectivité : se connecter avec ProConnect" })).toHaveAttribute('href', '/connexion/proconnect');
  await expect(page.getByRole('link', { name: 'Mot de passe oublié ?' })).toHaveAttribute('href', '/compte/mot-de-passe-oublie');

  await logIn(page, person, 'pas le bon mot de passe');
  await expect(page).toHaveTitle(/^Erreur : Se connecter/);
  const summary = page.getByRole('alert');
  await expect(summary).toHaveAccessibleName('Le formulaire contient 1 erreur');
  await expect(summary.getByRole('link', { name: 'Mot de passe : Adresse électronique ou mot de passe incorrect.' })).toHaveAttribute('href', '#password');
  await expect(page.locator('#password')).toHaveAttribute('aria-invalid', 'true');
  await expect(page.getByLabel('Adresse électronique')).toHaveValue(person.email);

  await logIn(page, person);
  await expect(page).toHaveURL(/\/compte$/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Mon compte');
});

test('a page for logged-in people sends visitors to log in, then back to it', async ({ page }, testInfo) => {
  const person = newPerson(testInfo, 'b');
  await signUp(page, person);
  await header(page).getByRole('button', { name: 'Se déconnecter' }).click();

  await page.goto('/organisations');
  await expect(page).toHaveURL(/\/connexion\?retour=%2Forganisations$/);
  await logIn(page, person);
  await expect(page).toHaveURL(/\/organisations$/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Mes organisations');
});

test('a resident creates an association, sees its members and invites someone; /admin is refused', async ({ page }, testInfo) => {
  const person = newPerson(testInfo, 'c');
  await signUp(page, person);
  await page.goto('/organisations');
  const name = `Association ${runToken(testInfo)}`;
  await page.getByLabel('Nom').fill(name);
  await page.getByLabel('Type').selectOption({ label: 'Association' });
  await page.getByLabel('RNA (associations)').check();
  await page.getByLabel('Numéro').fill('W12');
  await page.getByRole('button', { name: "Créer l'organisation" }).click();
  await expect(page.getByRole('alert').getByRole('link', { name: /^Numéro : Un numéro RNA commence par W/ })).toBeVisible();
  await expect(page.getByLabel('Nom')).toHaveValue(name);

  // A fresh RNA number each run (numbers are unique).
  const rna = `W${String(Date.now()).slice(-9)}`;
  await page.getByLabel('Numéro').fill(rna);
  await page.getByRole('button', { name: "Créer l'organisation" }).click();
  await expect(page).toHaveURL(/\/organisations\/[0-9a-f-]{36}$/);
  await expect(notice(page)).toContainText("L'organisation est créée");
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(name);
  await expect(page.getByRole('main')).toContainText(`RNA ${rna}`);
  await expect(page.getByRole('main')).toContainText('en attente de vérification par un administrateur');
  const members = page.locator('ul.rows > li');
  await expect(members).toHaveCount(1);
  await expect(members.first()).toContainText(`${person.pseudonym} (vous)`);
  await expect(members.first()).toContainText('Représentant depuis le');

  await page.getByLabel('Adresse électronique').fill(`invite-${person.email}`);
  await page.getByLabel('Rôle').selectOption('MEMBER');
  await page.getByRole('button', { name: "Envoyer l'invitation" }).click();
  await expect(notice(page)).toContainText("L'invitation est envoyée par courriel");

  await page.goto('/organisations');
  await expect(page.getByRole('link', { name })).toBeVisible();

  const response = await page.goto('/admin');
  expect(response?.status()).toBe(403);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Accès refusé');
});

test('sessions: close the other one, then log out everywhere', async ({ page, browser, baseURL }, testInfo) => {
  const person = newPerson(testInfo, 'd');
  await signUp(page, person);
  const other = await browser.newContext({ baseURL, javaScriptEnabled: jsEnabled(testInfo) });
  try {
    const otherPage = await other.newPage();
    await otherPage.goto('/connexion');
    await logIn(otherPage, person);
    await expect(otherPage).toHaveURL(/\/compte$/);

    await page.goto('/compte/sessions');
    const sessions = page.locator('ul.rows > li');
    await expect(sessions).toHaveCount(2);
    await expect(sessions.filter({ hasText: '(cette session)' })).toHaveCount(1);
    await page.getByRole('button', { name: /^Fermer la session/ }).click();
    await expect(notice(page)).toHaveText('La session est fermée.');
    await expect(sessions).toHaveCount(1);

    await otherPage.goto('/compte');
    await expect(otherPage).toHaveURL(/\/connexion\?retour=%2Fcompte$/);

    await page.getByRole('button', { name: 'Se déconnecter partout' }).click();
    await expect(page).toHaveURL(/\/connexion$/);
    await expect(notice(page)).toContainText('Toutes vos sessions sont fermées');
    await page.goto('/compte');
    await expect(page).toHaveURL(/\/connexion\?retour=%2Fcompte$/);
  } finally {
    await other.close();
  }
});

test('a need without an account waits for confirmation, and only its author sees it', async ({ page, browser, baseURL }, testInfo) => {
  const js = jsEnabled(testInfo);
  await page.goto('/besoins/nouveau');
  if (js) await expect(page.locator('form.need')).toHaveAttribute('data-enhanced', 'true');
  await fillNeedForm(page, {
    title: `Banc cassé ${runToken(testInfo)}`,
    description: 'Le banc du square est cassé depuis deux semaines, une planche manque.',
    category: 'Parcs, aires de jeux, arbres',
    commune: COMMUNES.avrille.code,
  });
  const email = page.getByLabel('Adresse électronique');
  await expect(page.locator('#authorEmail-hint')).toHaveText("Nous vous enverrons un lien pour publier votre besoin. Elle n'est jamais affichée.");
  await continueNeedForm(page);
  await expect(page.getByRole('alert')).toHaveAccessibleName('Le formulaire contient 1 erreur');
  await expect(email).toHaveAttribute('aria-invalid', 'true');

  await email.fill(`auteur-${runToken(testInfo).toLowerCase()}@example.fr`);
  await publishNeedForm(page);
  await expect(page).toHaveURL(REFERENCE_PATH);
  await expect(page.locator('dl.facts .status')).toHaveText('en attente de confirmation');
  await expect(page.getByText('Ouvrez le lien reçu par courriel pour publier votre besoin.')).toBeVisible();

  // Another browser does not see it before confirmation.
  const stranger = await browser.newContext({ baseURL });
  try {
    const response = await (await stranger.newPage()).goto(new URL(page.url()).pathname);
    expect(response?.status()).toBe(404);
  } finally {
    await stranger.close();
  }
});

test('the honeypot: a filled "site_web" saves nothing and answers as usual', async ({ page, request, baseURL }) => {
  await page.goto('/besoins/nouveau');
  // Hidden from people: off screen, out of the tab order, hidden from assistive technologies.
  const trap = page.locator('#site_web');
  await expect(trap).toHaveAttribute('tabindex', '-1');
  await expect(trap).toHaveAttribute('autocomplete', 'off');
  await expect(page.locator('.hp')).toHaveAttribute('aria-hidden', 'true');
  await expect(page.getByRole('textbox', { name: 'Ne pas remplir' })).toHaveCount(0);

  const response = await request.post('/besoins/nouveau?/submit', {
    form: { title: 'Achetez maintenant', description: 'Offre exceptionnelle, cliquez ici pour en profiter vite.', categoryKey: 'street_lighting', communeCode: COMMUNES.avrille.code, authorEmail: 'robot@example.fr', site_web: 'https://spam.example' },
    headers: { origin: new URL(baseURL!).origin, accept: 'text/html' },
    maxRedirects: 0,
  });
  expect(response.status()).toBe(303);
  expect(response.headers()['location']).toBe('/besoins/merci');
});

// --- axe -------------------------------------------------------------------------------------------

async function expectAxeClean(page: Page, name: string, testInfo: TestInfo): Promise<void> {
  const results = await new AxeBuilder({ page }).analyze();
  const summary = results.violations.map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  if (summary.length) await testInfo.attach(`axe-${name}.json`, { body: JSON.stringify(results.violations, null, 2), contentType: 'application/json' });
  expect(summary, `axe violations on ${name} (${page.url()})`).toEqual([]);
}

/**
 * A context where axe can run (JS on, since axe hangs without it). In the `nojs` project no page script
 * may run: every document gets the CSP "script-src 'none'" (the client code is inline), as in support/app.ts.
 */
async function auditContext(browser: Browser, baseURL: string, testInfo: TestInfo): Promise<BrowserContext> {
  const context = await browser.newContext({ baseURL, locale: 'fr-FR', timezoneId: 'Europe/Paris', javaScriptEnabled: true });
  if (!jsEnabled(testInfo)) {
    await context.route('**/*', async (route) => {
      if (route.request().resourceType() !== 'document') return route.fallback();
      const response = await route.fetch({ maxRedirects: 0 });
      await route.fulfill({ response, headers: { ...response.headers(), 'content-security-policy': "script-src 'none'" } });
    });
  }
  return context;
}

test('axe: no violation on the account, organisation and link pages', async ({ browser, baseURL }, testInfo) => {
  test.setTimeout(180_000);
  const context = await auditContext(browser, baseURL!, testInfo);
  try {
    const page = await context.newPage();
    const audit = async (name: string, path: string | null, then?: () => Promise<void>) => {
      if (path) await page.goto(path);
      await then?.();
      await expectAxeClean(page, name, testInfo);
    };
    const token = 'jeton-inconnu-0123456789';

    // Visitors.
    await audit('connexion', '/connexion');
    await audit('connexion-errors', null, async () => {
      await page.getByRole('button', { name: 'Se connecter' }).click();
      await expect(page.getByRole('alert')).toHaveAccessibleName('Le formulaire contient 2 erreurs');
    });
    await audit('inscription', '/inscription');
    await audit('inscription-errors', null, async () => {
      await page.getByRole('button', { name: 'Créer mon compte' }).click();
      await expect(page.getByRole('alert')).toHaveAccessibleName('Le formulaire contient 3 erreurs');
    });
    await audit('mot-de-passe-oublie', '/compte/mot-de-passe-oublie');
    await audit('mot-de-passe-oublie-envoye', '/compte/mot-de-passe-oublie?envoye');
    await audit('mot-de-passe-nouveau', `/compte/mot-de-passe/nouveau?jeton=${token}`);
    await audit('verifier', `/compte/verifier?jeton=${token}`);
    await audit('verifier-invalid', null, async () => {
      await page.getByRole('button', { name: 'Confirmer mon adresse' }).click();
      await expect(page.getByRole('alert')).toHaveAccessibleName('Ce lien ne fonctionne pas');
    });
    await audit('adresse-confirmer', `/compte/adresse/confirmer?jeton=${token}`);
    await audit('invitation-visitor', `/organisations/invitation?jeton=${token}`);
    await audit('besoin-confirmer', `/besoins/confirmer?jeton=${token}`);
    await audit('merci', '/besoins/merci');

    // A resident.
    await signUp(page, newPerson(testInfo, 'x'));
    await audit('compte', null);
    await audit('compte-errors', null, async () => {
      await page.getByRole('button', { name: 'Changer le mot de passe' }).click();
      await expect(page.getByRole('alert')).toHaveAccessibleName('Le formulaire contient 2 erreurs');
    });
    await audit('sessions', '/compte/sessions');
    await audit('organisations', '/organisations');
    await audit('organisations-errors', null, async () => {
      await page.getByRole('button', { name: "Créer l'organisation" }).click();
      await expect(page.getByRole('alert')).toBeVisible();
    });
    await page.getByLabel('Nom').fill(`Collectif ${runToken(testInfo)}`);
    await page.getByLabel('Type').selectOption({ label: 'Collectif' });
    await page.getByLabel('Aucun').check();
    await page.getByRole('button', { name: "Créer l'organisation" }).click();
    await expect(page).toHaveURL(/\/organisations\/[0-9a-f-]{36}$/);
    await audit('organisation', null);
    await audit('invitation-resident', `/organisations/invitation?jeton=${token}`);
    await audit('deconnexion', '/deconnexion');
    const refused = await page.goto('/admin');
    expect(refused?.status()).toBe(403);
    await audit('admin-403', null);
  } finally {
    await context.close();
  }
});

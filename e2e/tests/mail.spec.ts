// Journeys that follow an emailed link (issue 3), through the real web app and a real mailbox: the stack
// sends to the SMTP sink of tools/test/e2e-services.mjs, read with support/mailbox.ts. Both projects
// (`js`, `nojs`); the account and link pages never hydrate, the need form and the need page do in `js`.
import { expect } from '@playwright/test';
import { COMMUNES, fillNeedForm, jsEnabled, publishNeedForm, REFERENCE_PATH, runToken, shownStatus, waitUntilRouted } from '../support/app';
import { mailTest as test } from '../support/mailbox';
import { header, logIn, newPerson, notice, signUp, signUpOverHttp } from '../support/people';

test('sign up, then confirm the address from the emailed link', async ({ page, mailbox }, testInfo) => {
  const person = newPerson(testInfo, 'v');
  await signUp(page, person);
  await expect(page.getByRole('main')).toContainText(`${person.email} : pas encore confirmée`);

  const link = await mailbox.lastLink(person.email, /^Confirmez votre adresse électronique$/);
  expect(link).toMatch(/^\/compte\/verifier\?jeton=/);
  await page.goto(link);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Confirmer votre adresse électronique');
  await page.getByRole('button', { name: 'Confirmer mon adresse' }).click();
  await expect(page).toHaveURL(/\/compte$/);
  await expect(notice(page)).toHaveText('Votre adresse électronique est confirmée. Merci !');
  await expect(page.getByRole('main')).toContainText(`${person.email} : confirmée`);

  // A link works once.
  await page.goto(link);
  await page.getByRole('button', { name: 'Confirmer mon adresse' }).click();
  await expect(page.getByRole('alert')).toHaveAccessibleName('Ce lien ne fonctionne pas');
});

test('"Mot de passe oublié ?": a new password from the emailed link, then log in with it', async ({ page, request, baseURL, mailbox }, testInfo) => {
  const person = newPerson(testInfo, 'r');
  await signUpOverHttp(request, baseURL!, person);
  const newPassword = 'un tout nouveau mot de passe';

  await page.goto('/connexion');
  await page.getByRole('link', { name: 'Mot de passe oublié ?' }).click();
  await expect(page).toHaveURL(/\/compte\/mot-de-passe-oublie$/);
  await page.getByLabel('Adresse électronique').fill(person.email);
  await page.getByRole('button', { name: 'Recevoir un lien' }).click();
  await expect(page.getByRole('status')).toContainText("Si un compte utilise cette adresse, nous venons d'y envoyer un lien");

  const link = await mailbox.lastLink(person.email, /^Choisissez un nouveau mot de passe$/);
  expect(link).toMatch(/^\/compte\/mot-de-passe\/nouveau\?jeton=/);
  await page.goto(link);
  await page.getByLabel('Nouveau mot de passe').fill(newPassword);
  await page.getByRole('button', { name: 'Enregistrer le mot de passe' }).click();
  await expect(page).toHaveURL(/\/connexion$/);
  await expect(notice(page)).toContainText('Votre mot de passe est changé');

  await logIn(page, person, 'une phrase de passe solide');
  await expect(page.getByRole('alert')).toHaveAccessibleName('Le formulaire contient 1 erreur');
  await logIn(page, person, newPassword);
  await expect(page).toHaveURL(/\/compte$/);
  await expect(header(page).getByRole('link', { name: `Mon compte (${person.pseudonym})` })).toBeVisible();
});

test('a need without an account: confirmed from the emailed link, then public and routed', async ({ page, browser, baseURL, mailbox }, testInfo) => {
  const js = jsEnabled(testInfo);
  const email = `auteur-${runToken(testInfo).toLowerCase()}${Math.random().toString(36).slice(2, 5)}@example.fr`;
  await page.goto('/besoins/nouveau');
  if (js) await expect(page.locator('form.need')).toHaveAttribute('data-enhanced', 'true');
  await fillNeedForm(page, {
    title: `Aire de jeux ${runToken(testInfo)}`,
    description: "Le toboggan de l'aire de jeux du parc est cassé et une planche dépasse du sol.",
    category: 'Parcs, aires de jeux, arbres',
    commune: COMMUNES.avrille.code,
  });
  await page.getByLabel('Adresse électronique').fill(email);
  await publishNeedForm(page);
  await expect(page).toHaveURL(REFERENCE_PATH);
  const needPath = new URL(page.url()).pathname;
  await expect(shownStatus(page)).toHaveText('en attente de confirmation');

  const link = await mailbox.lastLink(email, /^Confirmez votre besoin pour le publier$/);
  expect(link).toMatch(/^\/besoins\/confirmer\?jeton=/);
  await page.goto(link);
  await page.getByRole('button', { name: 'Publier mon besoin' }).click();
  await expect(page).toHaveURL(new RegExp(`${needPath}$`));
  await expect(notice(page)).toHaveText('Votre besoin est confirmé : il est maintenant public.');
  await waitUntilRouted(page, js);
  await expect(shownStatus(page)).toHaveText('transmis');
  await expect(page.locator('.notice').filter({ hasText: 'Transmis à' }).locator('strong')).toHaveText('Avrillé');

  // Public now: another browser sees it, with its routing.
  const stranger = await browser.newContext({ baseURL, javaScriptEnabled: js });
  try {
    const other = await stranger.newPage();
    const response = await other.goto(needPath);
    expect(response?.status()).toBe(200);
    await expect(shownStatus(other)).toHaveText('transmis');
    await expect(other.getByText("Les parcs, les aires de jeux et les arbres relèvent de la commune d'Avrillé.")).toBeVisible();
  } finally {
    await stranger.close();
  }
});

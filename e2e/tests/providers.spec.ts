// FranceConnect and ProConnect through the browser (issue 3): the loopback providers of
// tools/test/e2e-services.mjs, with their plain HTML login and consent forms, and the logout that goes
// through the provider and back. Both projects (the providers' pages have no script; the web's
// /deconnexion/fournisseur goes on with <meta http-equiv="refresh"> and a link).
import { expect, type Page } from '@playwright/test';
import { runToken } from '../support/app';
import { mailTest as test } from '../support/mailbox';
import { SERVICES_PORT } from '../support/services';
import { header } from '../support/people';

async function throughProvider(page: Page, port: number, kind: string, sub: string): Promise<void> {
  await expect(page).toHaveURL(new RegExp(`^http://127\\.0\\.0\\.1:${port}/api/v2/interaction/`));
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(`Connexion (${kind})`);
  await page.getByLabel('Identifiant').fill(sub);
  await page.getByRole('button', { name: 'Se connecter' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Transmission de vos données');
  await page.getByRole('button', { name: 'Continuer' }).click();
}

async function logOutThroughProvider(page: Page, port: number): Promise<void> {
  await header(page).getByRole('button', { name: 'Se déconnecter' }).click();
  // The web closes its session, then sends the browser to the provider's end-session page.
  await expect(page).toHaveURL(new RegExp(`^http://127\\.0\\.0\\.1:${port}/api/v2/session/end`), { timeout: 45_000 });
  await page.getByRole('button', { name: 'Oui, me déconnecter' }).click();
  await expect(page).toHaveURL(/^http:\/\/localhost:\d+\/(\?.*)?$|\/connexion$|\/$/);
  await expect(header(page).getByRole('link', { name: 'Se connecter' })).toBeVisible();
  await expect(header(page).getByRole('link', { name: /^Mon compte/ })).toHaveCount(0);
}

test('FranceConnect: log in at the provider, back logged in, the email claim not kept', async ({ page }, testInfo) => {
  const sub = `fc-${runToken(testInfo).toLowerCase()}${Math.random().toString(36).slice(2, 6)}`;
  await page.goto('/connexion');
  await page.getByRole('link', { name: "S'identifier avec FranceConnect" }).click();
  await throughProvider(page, SERVICES_PORT + 2, 'franceconnect', sub);
  await expect(page).toHaveURL(/^http:\/\/localhost:\d+\//);
  await expect(header(page).getByRole('link', { name: /^Mon compte \(.+\)$/ })).toBeVisible();
  await page.goto('/compte');
  await expect(page.getByRole('region', { name: 'Connexion et rôles' })).toContainText('Compte lié à FranceConnect');
  // FranceConnect's email claim is not kept as the account's address (an address is confirmed by link).
  await expect(page.getByRole('main')).toContainText("Aucune adresse électronique n'est enregistrée.");
});

test('ProConnect: an agent logs in from "se connecter avec ProConnect"', async ({ page }, testInfo) => {
  const sub = `pc-${runToken(testInfo).toLowerCase()}${Math.random().toString(36).slice(2, 6)}`;
  await page.goto('/connexion');
  await page.getByRole('link', { name: "Agent d'une collectivité : se connecter avec ProConnect" }).click();
  await throughProvider(page, SERVICES_PORT + 3, 'proconnect', sub);
  await expect(page).toHaveURL(/^http:\/\/localhost:\d+\//);
  await expect(header(page).getByRole('link', { name: /^Mon compte \(.+\)$/ })).toBeVisible();
  await page.goto('/compte');
  await expect(page.getByRole('region', { name: 'Connexion et rôles' })).toContainText('Compte lié à ProConnect');
});

// Logging out of a provider session goes through the provider's end-session page and back.
for (const [label, linkName, kind, port] of [
  ['FranceConnect', "S'identifier avec FranceConnect", 'franceconnect', SERVICES_PORT + 2],
  ['ProConnect', "Agent d'une collectivité : se connecter avec ProConnect", 'proconnect', SERVICES_PORT + 3],
] as const) {
  test(`${label}: "Se déconnecter" goes through the provider's logout and back logged out`, async ({ page }, testInfo) => {
    await page.goto('/connexion');
    await page.getByRole('link', { name: linkName }).click();
    await throughProvider(page, port, kind, `${kind}-${runToken(testInfo).toLowerCase()}`);
    await expect(header(page).getByRole('link', { name: /^Mon compte \(.+\)$/ })).toBeVisible();
    await logOutThroughProvider(page, port);
  });
}

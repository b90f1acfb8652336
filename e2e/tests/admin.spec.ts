// Organisations and roles with an administrator (issue 3): the admin is made with the real first-admin
// command (support/people.ts makeAdmin), invitations follow the emailed link. Both projects.
import AxeBuilder from '@axe-core/playwright';
import { expect, type Browser, type Page, type TestInfo } from '@playwright/test';
import { jsEnabled, runToken } from '../support/app';
import { mailTest as test } from '../support/mailbox';
import { header, logIn, makeAdmin, newPerson, notice, signUp, signUpOverHttp, type Person } from '../support/people';

async function loggedInPage(browser: Browser, baseURL: string, testInfo: TestInfo, person: Person): Promise<Page> {
  const context = await browser.newContext({ baseURL, javaScriptEnabled: jsEnabled(testInfo) });
  const page = await context.newPage();
  await page.goto('/connexion');
  await logIn(page, person);
  await expect(page).toHaveURL(/\/compte$/);
  return page;
}

/** axe where it can run: in `js` on the page itself (these pages do not hydrate); in `nojs` skipped here (see accounts.spec.ts). */
async function axe(page: Page, name: string, testInfo: TestInfo): Promise<void> {
  if (!jsEnabled(testInfo)) return;
  const results = await new AxeBuilder({ page }).analyze();
  const summary = results.violations.map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  expect(summary, `axe violations on ${name} (${page.url()})`).toEqual([]);
}

test('an association invites a second person by email, who joins; an admin verifies it', async ({ page, browser, request, baseURL, mailbox }, testInfo) => {
  test.setTimeout(120_000);
  const representative = newPerson(testInfo, 'rep');
  const invitee = newPerson(testInfo, 'inv');
  const admin = newPerson(testInfo, 'adm');
  await signUp(page, representative);
  await page.goto('/organisations');
  const name = `Association ${runToken(testInfo)}${Math.random().toString(36).slice(2, 5)}`;
  const rna = `W${String(Date.now()).slice(-8)}${testInfo.workerIndex % 10}`;
  await page.getByLabel('Nom').fill(name);
  await page.getByLabel('Type').selectOption({ label: 'Association' });
  await page.getByLabel('RNA (associations)').check();
  await page.getByLabel('Numéro').fill(rna);
  await page.getByRole('button', { name: "Créer l'organisation" }).click();
  await expect(page).toHaveURL(/\/organisations\/[0-9a-f-]{36}$/);
  const organisationPath = new URL(page.url()).pathname;
  await expect(page.getByRole('main')).toContainText('en attente de vérification par un administrateur');

  await page.getByLabel('Adresse électronique').fill(invitee.email);
  await page.getByLabel('Rôle').selectOption('MEMBER');
  await page.getByRole('button', { name: "Envoyer l'invitation" }).click();
  await expect(notice(page)).toContainText("L'invitation est envoyée par courriel");

  // The invitee has an account, opens the link logged in and joins.
  await signUpOverHttp(request, baseURL!, invitee);
  const link = await mailbox.lastLink(invitee.email, /^Invitation à rejoindre /);
  expect(link).toMatch(/^\/organisations\/invitation\?jeton=/);
  expect((await mailbox.mails(invitee.email)).at(-1)?.subject).toBe(`Invitation à rejoindre ${name}`);
  const inviteePage = await loggedInPage(browser, baseURL!, testInfo, invitee);
  try {
    await inviteePage.goto(link);
    await axe(inviteePage, 'invitation', testInfo);
    await inviteePage.getByRole('button', { name: 'Rejoindre' }).click();
    await expect(inviteePage).toHaveURL(new RegExp(`${organisationPath}$`));
    await expect(notice(inviteePage)).toHaveText("Vous êtes maintenant membre de l'organisation.");
    await expect(inviteePage.locator('ul.rows > li').filter({ hasText: `${invitee.pseudonym} (vous)` })).toContainText('Membre');
  } finally {
    await inviteePage.context().close();
  }
  await page.reload();
  await expect(page.locator('ul.rows > li')).toHaveCount(2);
  await expect(page.locator('ul.rows > li').filter({ hasText: invitee.pseudonym })).toContainText('Membre');

  // The administrator verifies it.
  await makeAdmin(request, baseURL!, admin);
  const adminPage = await loggedInPage(browser, baseURL!, testInfo, admin);
  try {
    await adminPage.goto('/admin');
    await expect(adminPage.getByRole('heading', { level: 1 })).toHaveText('Administration');
    const row = adminPage.locator('ul.rows > li').filter({ hasText: name });
    await expect(row).toContainText(`Association · RNA (associations) ${rna}`);
    await axe(adminPage, 'admin', testInfo);
    await row.getByRole('button', { name: `Vérifier ${name}` }).click();
    await expect(notice(adminPage)).toHaveText("L'organisation est vérifiée.");
    await expect(adminPage.locator('ul.rows > li').filter({ hasText: name })).toHaveCount(0);
  } finally {
    await adminPage.context().close();
  }
  await page.reload();
  await expect(page.getByRole('main')).not.toContainText('en attente de vérification');
});

test('an admin makes a resident agent of Avrillé; the agent sees the role on "Mon compte"', async ({ page, browser, request, baseURL }, testInfo) => {
  test.setTimeout(120_000);
  const admin = newPerson(testInfo, 'adm');
  const agent = newPerson(testInfo, 'agt');
  // The agent first: makeAdmin blocks on the admin command for seconds, and a kept-alive connection of
  // `request` may be closed by the server meanwhile (ECONNRESET on the next post).
  await signUpOverHttp(request, baseURL!, agent);
  await makeAdmin(request, baseURL!, admin);

  await page.goto('/connexion');
  await logIn(page, admin);
  await expect(page).toHaveURL(/\/compte$/);
  await expect(page.getByRole('region', { name: 'Connexion et rôles' })).toContainText('Administrateur');
  await page.goto('/admin');
  // The Pôle, the EPCIs and the communes, in groups.
  const authority = page.getByLabel('Collectivité');
  expect(await authority.locator('optgroup').count()).toBeGreaterThanOrEqual(3);
  await expect(authority.locator('option', { hasText: 'Angers Loire Métropole' })).toHaveCount(1);
  await page.getByLabel('Adresse électronique du compte').fill(agent.email);
  await page.getByLabel('Rôle').selectOption({ label: 'Agent' });
  await authority.selectOption({ label: 'Avrillé' });
  await page.getByRole('button', { name: 'Attribuer le rôle' }).click();
  await expect(notice(page)).toContainText('Le rôle est attribué.');
  const row = page.locator('ul.rows > li').filter({ hasText: agent.pseudonym });
  await expect(row).toContainText(`${agent.pseudonym} (${agent.email})`);
  await expect(row).toContainText('Agent · Avrillé');

  const agentPage = await loggedInPage(browser, baseURL!, testInfo, agent);
  try {
    await expect(header(agentPage).getByRole('link', { name: `Mon compte (${agent.pseudonym})` })).toBeVisible();
    const role = agentPage.getByRole('region', { name: 'Connexion et rôles' }).getByRole('listitem').filter({ hasText: 'Agent' });
    await expect(role).toHaveText('Agent : Avrillé — Seuil de soutiens et délai de réponse');
    // Agents reach their authority's threshold page from there.
    await expect(role.getByRole('link', { name: 'Seuil de soutiens et délai de réponse' })).toHaveAttribute('href', /^\/collectivite\/participation\?collectivite=[0-9a-f-]{36}$/);
  } finally {
    await agentPage.context().close();
  }
});

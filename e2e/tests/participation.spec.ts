// Participation on the need page (issue 4, H2): supports, follow, organisation backing, the
// "réponse officielle attendue" banner at the 50th support, and the authority's threshold page.
// Both projects: `nojs` takes the plain form posts (303 back with a notice), `js` the enhanced ones
// (use:enhance: the page is never reloaded, proven by a marker set on window before the click).
// Needs, organisations and the 49 earlier supports are seeded with SQL on the stack's database.
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page, type TestInfo } from '@playwright/test';
import { auditWithoutJs, jsEnabled, runToken } from '../support/app';
import { newPerson, notice, signUp, signUpOverHttp } from '../support/people';
import { logInAsStaff, seedNeed } from '../support/seed';
import { stackSql } from '../support/sql';

const sql = stackSql;

async function axe(page: Page, name: string) {
  const results = await new AxeBuilder({ page }).analyze();
  const summary = results.violations.map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  expect(summary, `axe violations on ${name} (${page.url()})`).toEqual([]);
}

/** With JavaScript: a marker on window that a full page load would erase. */
async function markPage(page: Page, testInfo: TestInfo) {
  if (jsEnabled(testInfo)) await page.evaluate(() => ((window as unknown as { __kept: boolean }).__kept = true));
}
async function expectSamePage(page: Page, testInfo: TestInfo) {
  if (jsEnabled(testInfo)) expect(await page.evaluate(() => (window as unknown as { __kept?: boolean }).__kept), 'the enhanced form kept the page').toBe(true);
}

const section = (page: Page) => page.locator('section.engagement');

test('a resident supports a need, withdraws, follows and unfollows; anonymous visitors are sent to log in', async ({ page, browser, baseURL }, testInfo) => {
  const need = await seedNeed(baseURL!, testInfo, 'Trottoir étroit');
  const resident = newPerson(testInfo, 'sout');
  await signUp(page, resident);
  await page.goto(`/besoins/${need.reference}`);
  await expect(section(page).locator('#support-count')).toHaveText('0 soutien sur 50 pour obtenir une réponse officielle');
  if (jsEnabled(testInfo)) {
    await expect(page.locator('html')).toHaveAttribute('data-hydrated', 'true');
    await axe(page, 'need page, logged in');
  }

  await markPage(page, testInfo);
  await section(page).getByRole('button', { name: 'Je soutiens ce besoin' }).click();
  await expect(notice(page)).toHaveText('Votre soutien est enregistré. Merci !');
  await expect(page).toHaveURL(new RegExp(`/besoins/${need.reference}$`));
  await expect(section(page).locator('#support-count')).toHaveText('1 soutien sur 50 pour obtenir une réponse officielle');
  await expectSamePage(page, testInfo);
  expect(await sql(baseURL!, `SELECT count(*)::int AS n FROM need_support WHERE need_id = $1`, [need.id])).toEqual([{ n: 1 }]);

  await section(page).getByRole('button', { name: 'Retirer mon soutien' }).click();
  await expect(notice(page)).toHaveText('Votre soutien est retiré.');
  await expect(section(page).locator('#support-count')).toHaveText('0 soutien sur 50 pour obtenir une réponse officielle');
  await expect(section(page).getByRole('button', { name: 'Je soutiens ce besoin' })).toBeVisible();

  await section(page).getByRole('button', { name: 'Suivre ce besoin' }).click();
  await expect(notice(page)).toHaveText('Vous suivez ce besoin : vous serez informé de ses changements de statut et de la réponse officielle.');
  await section(page).getByRole('button', { name: 'Ne plus suivre ce besoin' }).click();
  await expect(notice(page)).toHaveText('Vous ne suivez plus ce besoin.');
  await expect(section(page).getByRole('button', { name: 'Suivre ce besoin' })).toBeVisible();
  await expectSamePage(page, testInfo);

  // Not logged in: the login page, coming back to the need afterwards.
  const anonymous = await browser.newContext({ baseURL, javaScriptEnabled: jsEnabled(testInfo) });
  try {
    const visitor = await anonymous.newPage();
    await visitor.goto(`/besoins/${need.reference}`);
    await visitor.locator('section.engagement').getByRole('button', { name: 'Je soutiens ce besoin' }).click();
    await expect(visitor).toHaveURL(`/connexion?retour=${encodeURIComponent(`/besoins/${need.reference}`)}`);
  } finally {
    await anonymous.close();
  }
  if (!jsEnabled(testInfo)) await auditWithoutJs(browser, baseURL!, { name: 'need-engagement', open: async (p) => void (await p.goto(`/besoins/${need.reference}`)) }, testInfo);
});

test('a representative of a verified organisation backs a need with a statement, shown apart from the supports', async ({ page, baseURL }, testInfo) => {
  const need = await seedNeed(baseURL!, testInfo, 'Aire de jeux fermée');
  const representative = newPerson(testInfo, 'repr');
  await signUp(page, representative);
  const name = `Parents d'élèves ${runToken(testInfo)}`;
  await sql(
    baseURL!,
    `WITH o AS (INSERT INTO organisation (name, kind, identifier_type, created_by, verified_at)
                SELECT $1, 'association', 'none', p.id, now() FROM person p WHERE p.email = $2 RETURNING id, created_by)
     INSERT INTO organisation_member (organisation_id, person_id, role) SELECT id, created_by, 'representative' FROM o`,
    [name, representative.email],
  );
  await page.goto(`/besoins/${need.reference}`);
  await expect(section(page)).toContainText('Aucune organisation ne soutient encore ce besoin.');

  // Too short: the error names the field.
  await markPage(page, testInfo);
  await section(page).getByLabel('Déclaration de soutien').fill('Oui !');
  await section(page).getByRole('button', { name: "Publier le soutien de l'organisation" }).click();
  const tooShort = 'La déclaration doit compter entre 10 et 500 caractères (elle en compte 5).';
  if (jsEnabled(testInfo)) {
    await expect(section(page).getByRole('alert')).toHaveText(tooShort);
    await expectSamePage(page, testInfo);
  } else {
    await expect(page).toHaveURL(new RegExp(`/besoins/${need.reference}/soutien-organisation\\?/publier$`));
    await expect(page.getByRole('alert')).toContainText(`Déclaration : ${tooShort}`);
    await expect(page.getByLabel('Déclaration de soutien')).toHaveValue('Oui !');
  }

  const statement = 'Nos familles passent devant chaque matin : nous demandons sa réouverture.';
  await page.getByLabel('Organisation').selectOption({ label: name });
  await page.getByLabel('Déclaration de soutien').fill(statement);
  await page.getByRole('button', { name: "Publier le soutien de l'organisation" }).click();
  await expect(notice(page)).toHaveText('Le soutien de votre organisation est publié sur la page du besoin.');
  await expect(page).toHaveURL(new RegExp(`/besoins/${need.reference}$`));
  await expect(section(page)).toContainText('Soutenu par 1 association');
  const item = section(page).locator('ul.backings li');
  await expect(item).toHaveCount(1);
  await expect(item).toContainText(`${name} (association), le `);
  await expect(item.locator('q')).toHaveText(statement);
  // Backings are apart from the supports.
  await expect(section(page).locator('#support-count')).toHaveText('0 soutien sur 50 pour obtenir une réponse officielle');
  await expectSamePage(page, testInfo);
  if (jsEnabled(testInfo)) await axe(page, 'need page with a backing');

  await section(page).getByRole('button', { name: `Retirer le soutien de ${name}` }).click();
  await expect(notice(page)).toHaveText('Le soutien de votre organisation est retiré.');
  await expect(section(page)).toContainText('Aucune organisation ne soutient encore ce besoin.');
});

test('the 50th support marks the need "réponse officielle attendue" with its deadline', async ({ page, browser, baseURL }, testInfo) => {
  const need = await seedNeed(baseURL!, testInfo, 'Passage piéton effacé');
  // 49 supports already there (the tally is the sum of its shards).
  await sql(
    baseURL!,
    `WITH p AS (INSERT INTO person (pseudonym, pseudonym_key) SELECT $2 || i, lower($2 || i) FROM generate_series(1, 49) AS i RETURNING id),
          s AS (INSERT INTO need_support (need_id, person_id) SELECT $1, id FROM p RETURNING 1)
     INSERT INTO need_support_tally (need_id, shard, supports) SELECT $1, 0, count(*) FROM s`,
    [need.id, `Voisin ${runToken(testInfo)}${Math.random().toString(36).slice(2, 5)} `],
  );
  const resident = newPerson(testInfo, 'cinq');
  await signUp(page, resident);
  await page.goto(`/besoins/${need.reference}`);
  await expect(section(page).locator('#support-count')).toHaveText('49 soutiens sur 50 pour obtenir une réponse officielle');
  await expect(page.locator('#official-answer')).toHaveCount(0);
  await markPage(page, testInfo);
  await section(page).getByRole('button', { name: 'Je soutiens ce besoin' }).click();
  await expect(notice(page)).toHaveText('Votre soutien est enregistré. Merci !');
  const due = new Intl.DateTimeFormat('fr-FR', { dateStyle: 'long', timeZone: 'Europe/Paris' }).format(new Date(Date.now() + 60 * 86_400_000));
  await expect(page.locator('#official-answer')).toContainText(`Réponse officielle attendue avant le ${due}`);
  await expect(section(page).locator('#support-count')).toHaveText('50 soutiens');
  await expectSamePage(page, testInfo);
  expect(await sql(baseURL!, `SELECT (answer_due_at - threshold_reached_at)::text AS delay FROM need_engagement WHERE need_id = $1`, [need.id])).toEqual([
    { delay: '60 days' },
  ]);

  // Public: an anonymous visitor sees it too.
  const anonymous = await browser.newContext({ baseURL, javaScriptEnabled: jsEnabled(testInfo) });
  try {
    const visitor = await anonymous.newPage();
    await visitor.goto(`/besoins/${need.reference}`);
    await expect(visitor.locator('#official-answer')).toContainText(`Réponse officielle attendue avant le ${due}`);
    if (jsEnabled(testInfo)) await axe(visitor, 'need page, réponse officielle attendue');
  } finally {
    await anonymous.close();
  }
});

test("an agent sets their authority's support threshold and answer delay", async ({ page, request, baseURL }, testInfo) => {
  await logInAsStaff(page, request, baseURL!, testInfo, 'agent', '49347');
  await page.goto('/collectivite/participation');
  await expect(page.getByRole('heading', { level: 2 })).toHaveText('Tiercé');
  await expect(page.getByLabel('Seuil de soutiens')).toHaveValue(/^\d+$/);
  if (jsEnabled(testInfo)) await axe(page, 'threshold page');

  await page.getByLabel('Seuil de soutiens').fill('beaucoup');
  await page.getByRole('button', { name: 'Enregistrer' }).click();
  await expect(page.getByRole('alert')).toContainText('Seuil de soutiens : Indiquez le seuil en chiffres, par exemple 50.');
  if (jsEnabled(testInfo)) await axe(page, 'threshold page with an error');

  await page.getByLabel('Seuil de soutiens').fill('0');
  await page.getByRole('button', { name: 'Enregistrer' }).click();
  await expect(page.getByRole('alert')).toContainText('Le seuil de soutiens est un nombre entier entre 1 et 100000.');

  await page.getByLabel('Seuil de soutiens').fill('50');
  await page.getByLabel('Délai de réponse (jours)').fill('60');
  await page.getByRole('button', { name: 'Enregistrer' }).click();
  await expect(notice(page)).toHaveText('Le seuil de soutiens et le délai de réponse sont enregistrés.');
  await expect(page.getByLabel('Seuil de soutiens')).toHaveValue('50');
  await expect(page.getByRole('main')).toContainText('Modifié le');
});

test('"C\'est mon besoin aussi" from another page: the support goes back to a path of this site only', async ({ request, baseURL }, testInfo) => {
  const need = await seedNeed(baseURL!, testInfo, 'Bus du soir supprimé');
  await signUpOverHttp(request, baseURL!, newPerson(testInfo, 'aussi'));
  const post = (retour: string) =>
    request.post(`/besoins/${need.reference}/soutenir`, { form: { retour }, headers: { origin: new URL(baseURL!).origin, accept: 'text/html' }, maxRedirects: 0 });
  const fromForm = await post('/besoins/nouveau?etape=comparer');
  expect(fromForm.status()).toBe(303);
  expect(fromForm.headers()['location']).toBe('/besoins/nouveau?etape=comparer');
  for (const elsewhere of ['https://ailleurs.example/piege', '//ailleurs.example/piege', '/\\ailleurs.example']) {
    const response = await post(elsewhere);
    expect(response.status()).toBe(303);
    expect(response.headers()['location']).toBe(`/besoins/${need.reference}`);
  }
  expect(await sql(baseURL!, `SELECT count(*)::int AS n FROM need_support WHERE need_id = $1`, [need.id])).toEqual([{ n: 1 }]);
});

test('the need page with the banner, three backings and the backing form stays within the page budget @js-only', async ({ browser, page, baseURL }, testInfo) => {
  const need = await seedNeed(baseURL!, testInfo, 'Piste cyclable interrompue');
  const representative = newPerson(testInfo, 'budg');
  await signUp(page, representative);
  const token = `${runToken(testInfo)}${Math.random().toString(36).slice(2, 5)}`;
  await sql(
    baseURL!,
    `WITH me AS (SELECT id FROM person WHERE email = $2),
          o AS (INSERT INTO organisation (name, kind, identifier_type, created_by, verified_at)
                SELECT 'Organisation ' || $3 || ' ' || i, CASE WHEN i < 3 THEN 'association' ELSE 'collective' END, 'none', me.id, now()
                  FROM me, generate_series(0, 3) AS i RETURNING id, name, created_by),
          m AS (INSERT INTO organisation_member (organisation_id, person_id, role) SELECT id, created_by, 'representative' FROM o WHERE name LIKE '% 3'),
          b AS (INSERT INTO need_backing (need_id, organisation_id, statement, backed_by)
                SELECT $1, id, 'Nos adhérents empruntent cette piste chaque jour et demandent sa continuité.', created_by FROM o WHERE name NOT LIKE '% 3')
     INSERT INTO need_engagement (need_id, threshold_reached_at, answer_due_at) VALUES ($1, now(), now() + interval '60 days')`,
    [need.id, representative.email, token],
  );
  const context = await browser.newContext({ baseURL, javaScriptEnabled: true, serviceWorkers: 'block', storageState: await page.context().storageState() });
  try {
    const measured = await context.newPage();
    const cdp = await context.newCDPSession(measured);
    const sizes = new Map<string, number>();
    cdp.on('Network.requestWillBeSent', (e) => void (e.request.url.startsWith('data:') || sizes.set(e.requestId, sizes.get(e.requestId) ?? 0)));
    cdp.on('Network.loadingFinished', (e) => void sizes.set(e.requestId, e.encodedDataLength));
    await cdp.send('Network.enable');
    await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
    await measured.goto(`/besoins/${need.reference}`, { waitUntil: 'load' });
    await expect(measured.locator('html')).toHaveAttribute('data-hydrated', 'true');
    await expect(measured.locator('#official-answer')).toBeVisible();
    await expect(measured.locator('section.engagement')).toContainText('Soutenu par 3 associations');
    await expect(measured.getByLabel('Déclaration de soutien')).toBeVisible();
    const icon = await measured.locator('link[rel~="icon"]').first().getAttribute('href');
    if (icon) await measured.evaluate(async (href) => void (await (await fetch(href)).arrayBuffer()), icon);
    await measured.waitForTimeout(500);
    const bytes = [...sizes.values()].reduce((sum, size) => sum + size, 0);
    const domElements = await measured.evaluate(() => document.getElementsByTagName('*').length);
    console.log(`[budget] need page, logged-in representative, banner + 3 backings + form: ${bytes} bytes, ${sizes.size} requests, ${domElements} elements`);
    expect(bytes).toBeLessThanOrEqual(60 * 1024);
    expect(sizes.size).toBeLessThanOrEqual(5);
    expect(domElements).toBeLessThanOrEqual(350);
    await axe(measured, 'need page, representative, three backings');
  } finally {
    await context.close();
  }
});

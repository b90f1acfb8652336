// Comments and notifications on a need (issue 4, H3): commenting, replying, editing, deleting and
// reporting from the need page and the comments page; notification preferences; unsubscribing from the
// link of a notification email. Both projects: `nojs` takes the plain form posts (303 back with a
// notice, or the comments page with the refusal), `js` the enhanced ones on the need page (use:enhance:
// a marker set on window before the click survives). The comments page itself ships no JavaScript:
// both projects post its forms plainly. Needs are seeded with SQL on the stack's database.
import { randomBytes } from 'node:crypto';
import { expect, type Browser, type Page, type TestInfo } from '@playwright/test';
import { auditHydrated, auditWithoutJs, jsEnabled, runToken } from '../support/app';
import { mailTest as test } from '../support/mailbox';
import { newPerson, notice, signUp, type Person } from '../support/people';
import { stackSql } from '../support/sql';

const ALPHABET = '23456789ABCDEFGHJKMNPQRSTVWXYZ';

const sql = stackSql;

/** A public need of Avrillé ("transmis"), without an author account. */
async function seedNeed(baseURL: string, testInfo: TestInfo, title: string): Promise<{ id: string; reference: string; title: string }> {
  const reference = `B-${[...randomBytes(6)].map((byte) => ALPHABET[byte % ALPHABET.length]).join('')}`;
  const fullTitle = `${title} ${runToken(testInfo)}`;
  const [row] = await sql<{ id: string }>(
    baseURL,
    `INSERT INTO need (reference, title, description, category_key, commune_code, status, authority_id)
     SELECT $1, $2, 'Il manque un endroit où se retrouver le soir pour les jeunes du quartier.', 'schools', '49015', 'transmitted', a.id
       FROM authority a WHERE a.kind = 'commune' AND a.code = '49015' RETURNING id`,
    [reference, fullTitle],
  );
  return { id: row!.id, reference, title: fullTitle };
}

/** With JavaScript: a marker on window that a full page load would erase. */
async function markPage(page: Page, testInfo: TestInfo) {
  if (jsEnabled(testInfo)) await page.evaluate(() => ((window as unknown as { __kept: boolean }).__kept = true));
}
async function expectSamePage(page: Page, testInfo: TestInfo) {
  if (jsEnabled(testInfo)) expect(await page.evaluate(() => (window as unknown as { __kept?: boolean }).__kept), 'the enhanced form kept the page').toBe(true);
}

async function withPerson<T>(browser: Browser, baseURL: string, testInfo: TestInfo, person: Person, run: (page: Page) => Promise<T>): Promise<T> {
  const context = await browser.newContext({ baseURL, javaScriptEnabled: jsEnabled(testInfo), locale: 'fr-FR', timezoneId: 'Europe/Paris' });
  try {
    const page = await context.newPage();
    await signUp(page, person);
    return await run(page);
  } finally {
    await context.close();
  }
}

const BUDGET = { bytes: 60 * 1024, requests: 5, domElements: 350 };

/** Bytes transferred, requests (favicon included) and DOM elements of a page, fresh context, JavaScript on (as budgets.spec.ts). */
async function measure(browser: Browser, baseURL: string, path: string) {
  const context = await browser.newContext({ baseURL, javaScriptEnabled: true, serviceWorkers: 'block' });
  try {
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    const sizes = new Map<string, number>();
    const urls: string[] = [];
    cdp.on('Network.requestWillBeSent', (e) => void (e.request.url.startsWith('data:') || (urls.push(e.request.url), sizes.set(e.requestId, 0))));
    cdp.on('Network.loadingFinished', (e) => void sizes.set(e.requestId, e.encodedDataLength));
    await cdp.send('Network.enable');
    await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
    await page.goto(path, { waitUntil: 'load' });
    await page.waitForTimeout(500);
    let bytes = [...sizes.values()].reduce((sum, size) => sum + size, 0);
    let requests = urls.length;
    if (!urls.some((url) => url.includes('favicon'))) {
      const favicon = await context.request.get('/favicon.ico');
      bytes += (await favicon.body()).length;
      requests += 1;
    }
    const domElements = await page.evaluate(() => document.getElementsByTagName('*').length);
    return { path, bytes, requests, domElements };
  } finally {
    await context.close();
  }
}

const comments = (page: Page) => page.locator('section.comments');
const threadOf = (page: Page, text: string) => comments(page).locator('ol.threads > li').filter({ hasText: text });

test('residents comment, reply, edit within 15 minutes, report and delete; visitors are asked to log in', async ({ page, browser, baseURL }, testInfo) => {
  test.setTimeout(120_000);
  const need = await seedNeed(baseURL!, testInfo, 'Un local pour les jeunes');
  const camille = newPerson(testInfo, 'cam');
  const dominique = newPerson(testInfo, 'dom');
  await signUp(page, camille);

  // An empty comment is refused, with the field named.
  await page.goto(`/besoins/${need.reference}`);
  await expect(comments(page).getByRole('heading', { level: 2 })).toHaveText('Commentaires (0)');
  await expect(comments(page)).toContainText('Aucun commentaire pour le moment.');
  await markPage(page, testInfo);
  await comments(page).getByRole('button', { name: 'Publier le commentaire' }).click();
  if (jsEnabled(testInfo)) {
    await expect(comments(page).getByRole('alert')).toContainText('Écrivez votre commentaire.');
    await expectSamePage(page, testInfo);
  } else {
    await expect(page).toHaveURL(new RegExp(`/besoins/${need.reference}/commentaires\\?/publier$`));
    await expect(page.locator('.error-summary')).toContainText('Commentaire : Écrivez votre commentaire.');
    await page.goto(`/besoins/${need.reference}`);
  }

  // Posting from the need page.
  const first = 'Le soir, les jeunes n’ont nulle part où aller : un local les aiderait.';
  await comments(page).getByLabel('Votre commentaire').fill(first);
  await markPage(page, testInfo);
  await comments(page).getByRole('button', { name: 'Publier le commentaire' }).click();
  await expect(notice(page)).toHaveText('Votre commentaire est publié.');
  await expect(page).toHaveURL(new RegExp(`/besoins/${need.reference}#commentaire-[0-9a-f-]{36}$`));
  await expect(comments(page).getByRole('heading', { level: 2 })).toHaveText('Commentaires (1)');
  await expect(threadOf(page, first).locator('.meta strong')).toHaveText(camille.pseudonym);
  await expectSamePage(page, testInfo);

  // Editing within 15 minutes, from the comment's actions: shown "modifié".
  await threadOf(page, first).getByRole('link', { name: /^Répondre, modifier ou supprimer/ }).click();
  await expect(page).toHaveURL(new RegExp(`/besoins/${need.reference}/commentaires\\?commentaire=[0-9a-f-]{36}#actions$`));
  // The comments page is server-only (no client JavaScript, both projects post plainly): audited once.
  const actionsUrl = page.url();
  if (!jsEnabled(testInfo)) {
    const storageState = (await page.context().storageState()) as Parameters<typeof auditWithoutJs>[4];
    await auditWithoutJs(browser, baseURL!, { name: 'comments-actions', open: async (p) => void (await p.goto(actionsUrl)) }, testInfo, storageState);
  }
  await expect(page.locator('html')).not.toHaveAttribute('data-hydrated', 'true');
  const edited = `${first} Même une petite salle suffirait.`;
  await page.getByLabel('Texte du commentaire').fill(edited);
  await page.getByRole('button', { name: 'Enregistrer la modification' }).click();
  await expect(notice(page)).toHaveText('Votre commentaire est modifié.');
  await expect(threadOf(page, edited).locator('.meta')).toContainText('modifié');

  // Another resident replies and reports.
  await withPerson(browser, baseURL!, testInfo, dominique, async (other) => {
    await other.goto(`/besoins/${need.reference}`);
    await threadOf(other, edited).getByRole('link', { name: /^Répondre ou signaler/ }).click();
    await other.getByLabel('Votre réponse').fill('D’accord, et le week-end aussi.');
    await other.getByRole('button', { name: 'Publier la réponse' }).click();
    await expect(notice(other)).toHaveText('Votre commentaire est publié.');
    await expect(threadOf(other, edited).locator('ol.replies > li')).toContainText('D’accord, et le week-end aussi.');

    await threadOf(other, edited).locator('.meta').first().getByRole('link', { name: /^Répondre ou signaler/ }).click();
    // No reason chosen: refused, the field named.
    await other.getByRole('button', { name: 'Signaler ce commentaire' }).click();
    await expect(other.locator('.error-summary')).toContainText('Raison du signalement : Choisissez la raison du signalement.');
    await other.getByLabel('Sans rapport avec le besoin').check();
    await other.getByLabel('Précision (facultatif)').fill('Test de signalement');
    await other.getByRole('button', { name: 'Signaler ce commentaire' }).click();
    await expect(notice(other)).toHaveText('Merci : le commentaire est signalé à la modération.');
  });
  expect(
    await sql(baseURL!, `SELECT r.reason, r.detail FROM comment_report r JOIN comment c ON c.id = r.comment_id WHERE c.need_id = $1`, [need.id]),
  ).toEqual([{ reason: 'off_topic', detail: 'Test de signalement' }]);

  // After 15 minutes the author may no longer edit.
  await sql(baseURL!, `UPDATE comment SET created_at = created_at - interval '16 minutes' WHERE need_id = $1 AND parent_id IS NULL`, [need.id]);
  await page.goto(`/besoins/${need.reference}`);
  await threadOf(page, edited).locator('.meta').first().getByRole('link', { name: /^Répondre ou supprimer/ }).click();
  await expect(page.getByRole('main')).toContainText("La modification n'est possible que pendant 15 minutes après la publication.");
  await expect(page.getByLabel('Texte du commentaire')).toHaveCount(0);

  // Deleting keeps the thread.
  await page.getByRole('button', { name: 'Supprimer mon commentaire' }).click();
  await expect(notice(page)).toHaveText('Votre commentaire est supprimé.');
  const thread = comments(page).locator('ol.threads > li').first();
  await expect(thread.locator('.deleted').first()).toHaveText('Commentaire supprimé par son auteur.');
  await expect(thread.locator('ol.replies')).toContainText('D’accord, et le week-end aussi.');
  if (jsEnabled(testInfo)) await auditHydrated(page, { name: 'need-comments', open: async (p) => void (await p.goto(`/besoins/${need.reference}`)) }, testInfo);

  // Visitors: a login link that comes back to the need.
  const anonymous = await browser.newContext({ baseURL, javaScriptEnabled: jsEnabled(testInfo) });
  try {
    const visitor = await anonymous.newPage();
    await visitor.goto(`/besoins/${need.reference}`);
    await expect(visitor.locator('section.comments').getByRole('link', { name: 'Connectez-vous pour commenter' })).toHaveAttribute(
      'href',
      `/connexion?retour=${encodeURIComponent(`/besoins/${need.reference}`)}`,
    );
    await expect(visitor.locator('section.comments')).toContainText('D’accord, et le week-end aussi.');
  } finally {
    await anonymous.close();
  }
  if (!jsEnabled(testInfo)) {
    await auditWithoutJs(browser, baseURL!, { name: 'need-comments', open: async (p) => void (await p.goto(`/besoins/${need.reference}`)) }, testInfo);
    await auditWithoutJs(browser, baseURL!, { name: 'comments-page', open: async (p) => void (await p.goto(`/besoins/${need.reference}/commentaires`)) }, testInfo);
  }
});

test('the need page shows 10 threads and links to all comments, paged by 10, within the page budgets', async ({ page, browser, baseURL }, testInfo) => {
  const need = await seedNeed(baseURL!, testInfo, 'Des bancs au parc');
  const [author] = await sql<{ id: string }>(baseURL!, `INSERT INTO person (pseudonym, pseudonym_key) VALUES ($1, lower($1)) RETURNING id`, [`Bavard ${runToken(testInfo)}${Math.random().toString(36).slice(2, 6)}`]);
  await sql(
    baseURL!,
    `WITH t AS (INSERT INTO comment (need_id, author_id, body, created_at)
                SELECT $1, $2, 'Avis numéro ' || i, now() - make_interval(mins => 100 - i) FROM generate_series(1, 12) AS i RETURNING id, body)
     INSERT INTO comment (need_id, parent_id, author_id, body) SELECT $1, id, $2, 'Réponse à ' || body FROM t`,
    [need.id, author!.id],
  );
  await page.goto(`/besoins/${need.reference}`);
  await expect(comments(page).getByRole('heading', { level: 2 })).toHaveText('Commentaires (24)');
  await expect(comments(page).locator('ol.threads > li')).toHaveCount(10);
  await comments(page).getByRole('link', { name: 'Voir tous les commentaires (12)' }).click();
  await expect(page).toHaveURL(new RegExp(`/besoins/${need.reference}/commentaires$`));
  await expect(page.locator('ol.threads > li')).toHaveCount(10);
  await page.getByRole('link', { name: 'Commentaires suivants' }).click();
  await expect(page.locator('ol.threads > li .body').first()).toHaveText('Avis numéro 11');
  await expect(page.locator('ol.threads > li')).toHaveCount(2);
  await expect(page.locator('ol.replies .body').last()).toHaveText('Réponse à Avis numéro 12');

  if (jsEnabled(testInfo)) {
    // The heaviest shapes: 10 threads with a reply each, seen by a visitor.
    const measured = [await measure(browser, baseURL!, `/besoins/${need.reference}`), await measure(browser, baseURL!, `/besoins/${need.reference}/commentaires`)];
    await testInfo.attach('discussion-page-budgets.json', { body: JSON.stringify(measured, null, 2), contentType: 'application/json' });
    console.log(`discussion page budgets: ${JSON.stringify(measured)}`);
    for (const m of measured) {
      expect.soft(m.bytes, `${m.path}: bytes`).toBeLessThanOrEqual(BUDGET.bytes);
      expect.soft(m.requests, `${m.path}: requests`).toBeLessThanOrEqual(BUDGET.requests);
      expect.soft(m.domElements, `${m.path}: DOM elements`).toBeLessThanOrEqual(BUDGET.domElements);
    }
  }
});

test('a resident chooses immediate emails, gets one on a status change, and unsubscribes from its link', async ({ page, baseURL, mailbox }, testInfo) => {
  const need = await seedNeed(baseURL!, testInfo, 'Une piste cyclable');
  const person = newPerson(testInfo, 'notif');
  await signUp(page, person);
  await sql(baseURL!, `UPDATE person SET email_verified_at = now() WHERE email = $1`, [person.email]);

  await page.goto('/compte');
  await page.getByRole('link', { name: 'Mes notifications' }).click();
  await expect(page).toHaveURL(/\/compte\/notifications$/);
  await expect(page.getByLabel('Un résumé par jour')).toBeChecked();
  await page.getByLabel('Un courriel à chaque nouveauté').check();
  await page.getByRole('button', { name: 'Enregistrer' }).click();
  await expect(notice(page)).toHaveText('Vos préférences de notification sont enregistrées.');
  await expect(page.getByLabel('Un courriel à chaque nouveauté')).toBeChecked();
  if (jsEnabled(testInfo)) await auditHydrated(page, { name: 'notification-preferences', open: async () => undefined }, testInfo);
  else await auditWithoutJs(browser(page), baseURL!, { name: 'notification-preferences', open: async (p) => void (await p.goto('/compte/notifications')) }, testInfo, await page.context().storageState());

  // The resident follows the need; staff record a new status (as NeedsRepository.insertStatusChange does: the row and its outbox job).
  await sql(baseURL!, `INSERT INTO need_follow (need_id, person_id) SELECT $1, id FROM person WHERE email = $2`, [need.id, person.email]);
  await sql(
    baseURL!,
    `WITH s AS (INSERT INTO need_status_change (need_id, status, note) VALUES ($1, 'under_study', 'La commune cherche une salle.') RETURNING id)
     INSERT INTO outbox_message (name, payload, dedup_key)
     SELECT 'notify-need-change', json_build_object('needId', $1::uuid, 'statusChangeId', s.id), 'notify-need-change:' || s.id FROM s`,
    [need.id],
  );
  await sql(baseURL!, `SELECT pg_notify('outbox_message', '')`);
  const link = await mailbox.lastLink(person.email, new RegExp(`^Besoin ${need.reference} : en étude$`), { timeout: 30_000 });
  expect(link).toMatch(/^\/notifications\/desinscription\?jeton=[A-Za-z0-9_-]{43}$/);
  const [mail] = (await mailbox.mails(person.email)).filter((m) => m.subject === `Besoin ${need.reference} : en étude`);
  expect(mail!.text).toContain(`Le besoin « ${need.title} » (${need.reference}) est maintenant : en étude.`);
  expect(mail!.text).toContain('Précision : La commune cherche une salle.');
  expect(mail!.text).toMatch(new RegExp(`Voir le besoin : https?://[^/]+/besoins/${need.reference}`));

  // Opening the link changes nothing until the button is pressed.
  await page.goto(link);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Ne plus recevoir de notifications');
  expect(await sql(baseURL!, `SELECT mode FROM notification_preference p JOIN person x ON x.id = p.person_id WHERE x.email = $1`, [person.email])).toEqual([{ mode: 'immediate' }]);
  if (!jsEnabled(testInfo)) await auditWithoutJs(browser(page), baseURL!, { name: 'unsubscribe', open: async (p) => void (await p.goto(link)) }, testInfo);
  await page.getByRole('button', { name: 'Ne plus recevoir de courriels' }).click();
  await expect(notice(page)).toHaveText('Vous ne recevrez plus de courriels de notification. Vous pouvez les réactiver depuis votre compte.');
  await expect(page).toHaveURL(/\/compte\/notifications$/);
  await expect(page.getByLabel('Aucun courriel')).toBeChecked();
});

function browser(page: Page): Browser {
  return page.context().browser()!;
}

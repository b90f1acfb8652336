// Issue 4's acceptance journey through the web, as a new user would live it (both projects, `js` and
// `nojs`): a resident writes a need, is shown two similar needs and supports one of them instead; an
// association backs it; the 50th support makes it "réponse officielle attendue"; when its author
// withdraws it, the followers receive one digest email as the daily digest job runs (run here with the
// operators' command, `node apps/worker/dist/run-job.js send-daily-digest`).
// The 48 supports between hers and the 50th, and the association's verification, are seeded with SQL.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import path from 'node:path';
import { expect, type Page, type TestInfo } from '@playwright/test';
import pg from 'pg';
import { COMMUNES, continueNeedForm, fillNeedForm, jsEnabled, root, runToken, submitNeedOverHttp } from '../support/app';
import { test } from '../support/fixtures';
import { mailbox } from '../support/mailbox';
import { newPerson, notice, signUp, stackDatabaseUrl, type Person } from '../support/people';
import { servicesEnv } from '../support/services';

async function sql<T = Record<string, unknown>>(baseURL: string, text: string, params: unknown[] = []): Promise<T[]> {
  const client = new pg.Client({ connectionString: await stackDatabaseUrl(baseURL) });
  await client.connect();
  try {
    return (await client.query(text, params)).rows as T[];
  } finally {
    await client.end();
  }
}

/** Signs up through the web and confirms the address from the emailed link (notifications go to confirmed addresses). */
async function newResident(page: Page, testInfo: TestInfo, tag: string): Promise<Person> {
  const person = newPerson(testInfo, tag);
  await signUp(page, person);
  await page.goto(await mailbox.lastLink(person.email, /^Confirmez votre adresse électronique$/));
  await page.getByRole('button', { name: 'Confirmer mon adresse' }).click();
  await expect(notice(page)).toHaveText('Votre adresse électronique est confirmée. Merci !');
  return person;
}

const engagement = (page: Page) => page.locator('section.engagement');

test('a new resident is shown two similar needs, supports one instead; an association backs it; the 50th support; one digest for the followers', async ({ page, browser, baseURL, residentRequest, playwright }, testInfo) => {
  test.setTimeout(180_000);
  const token = runToken(testInfo);
  const js = jsEnabled(testInfo);

  // Neighbours already wrote two needs about Sunday buses in Avrillé, and one about something else.
  const seed = (title: string, description: string) =>
    submitNeedOverHttp(residentRequest, baseURL!, { title, description, categoryKey: 'public_transport_cycling', communeCode: COMMUNES.avrille.code });
  const morning = await seed(`Bus du dimanche matin ${token}`, 'Le dimanche matin il n’y a presque aucun bus pour aller au marché : il faudrait plus de passages.');
  const evening = await seed(`Bus du dimanche soir ${token}`, 'Le dimanche soir les derniers bus partent trop tôt pour rentrer du centre en transport en commun.');
  const compost = await seed('Un composteur collectif au square', 'Les habitants voudraient un composteur collectif dans le square près de l’école.');

  // A new resident writes her need; the compare step shows the two bus needs, not the compost.
  const resident = await newResident(page, testInfo, 'nouv');
  await page.goto('/besoins/nouveau');
  if (js) await expect(page.locator('form.need')).toHaveAttribute('data-enhanced', 'true');
  await fillNeedForm(page, {
    title: `Bus le dimanche ${token}`,
    description: 'Il manque des bus le dimanche, le matin comme le soir, pour aller au marché et en revenir.',
    category: 'Transports en commun, vélo, covoiturage',
    commune: COMMUNES.avrille.code,
  });
  await continueNeedForm(page);
  await expect(page.getByRole('heading', { name: 'Des besoins semblables existent déjà' })).toBeVisible();
  await expect(page.getByRole('link', { name: `Bus du dimanche matin ${token}` })).toHaveAttribute('href', `/besoins/${morning}`);
  await expect(page.getByRole('link', { name: `Bus du dimanche soir ${token}` })).toHaveAttribute('href', `/besoins/${evening}`);
  await expect(page.locator(`a[href="/besoins/${compost}"]`)).toHaveCount(0);

  // "C'est mon besoin aussi": she supports the Sunday-morning need instead of publishing hers.
  await page.getByRole('button', { name: `C'est mon besoin aussi : Bus du dimanche matin ${token}` }).click();
  await expect(page).toHaveURL(new RegExp(`/besoins/${morning}$`));
  await expect(notice(page)).toHaveText('Votre soutien est enregistré. Merci !');
  await expect(engagement(page).locator('#support-count')).toHaveText('1 soutien sur 50 pour obtenir une réponse officielle');
  expect(await sql(baseURL!, `SELECT count(*)::int AS n FROM need n JOIN person p ON p.id = n.author_id WHERE p.email = $1`, [resident.email])).toEqual([{ n: 0 }]);
  // She follows it.
  await engagement(page).getByRole('button', { name: 'Suivre ce besoin' }).click();
  await expect(engagement(page).getByRole('button', { name: 'Ne plus suivre ce besoin' })).toBeVisible();

  // An association (verified by the platform's admins, seeded here) backs it from the need page.
  const president = newPerson(testInfo, 'pres');
  const presidentContext = await browser.newContext({ baseURL, javaScriptEnabled: js });
  const presidentPage = await presidentContext.newPage();
  try {
    await signUp(presidentPage, president);
    await sql(
      baseURL!,
      `WITH o AS (INSERT INTO organisation (name, kind, identifier_type, created_by, verified_at)
                  SELECT $2, 'association', 'none', p.id, now() FROM person p WHERE p.email = $1 RETURNING id, created_by)
       INSERT INTO organisation_member (organisation_id, person_id, role) SELECT id, created_by, 'representative' FROM o`,
      [president.email, `Usagers des bus ${token}`],
    );
    await presidentPage.goto(`/besoins/${morning}`);
    await engagement(presidentPage).getByLabel('Déclaration de soutien').fill('Nos adhérents demandent des bus le dimanche depuis des années.');
    await engagement(presidentPage).getByRole('button', { name: "Publier le soutien de l'organisation" }).click();
    await expect(engagement(presidentPage)).toContainText('Soutenu par 1 association');
    await expect(engagement(presidentPage)).toContainText('Nos adhérents demandent des bus le dimanche depuis des années.');
    // The backing does not count as a resident support.
    await expect(engagement(presidentPage).locator('#support-count')).toHaveText('1 soutien sur 50 pour obtenir une réponse officielle');
  } finally {
    await presidentContext.close();
  }

  // 48 more residents supported it (seeded); the 50th supports through the page.
  const [{ id: morningId }] = await sql<{ id: string }>(baseURL!, `SELECT id FROM need WHERE reference = $1`, [morning]);
  await sql(
    baseURL!,
    `WITH p AS (INSERT INTO person (pseudonym, pseudonym_key) SELECT $2 || i, lower($2 || i) FROM generate_series(1, 48) AS i RETURNING id),
          s AS (INSERT INTO need_support (need_id, person_id) SELECT $1, id FROM p RETURNING 1)
     INSERT INTO need_support_tally (need_id, shard, supports) SELECT $1, 7, count(*) FROM s
     ON CONFLICT (need_id, shard) DO UPDATE SET supports = need_support_tally.supports + excluded.supports`,
    [morningId, `Soutien ${token} `],
  );
  const fiftieth = newPerson(testInfo, 'cinq');
  const fiftiethContext = await browser.newContext({ baseURL, javaScriptEnabled: js });
  const fiftiethPage = await fiftiethContext.newPage();
  try {
    await signUp(fiftiethPage, fiftieth);
    await fiftiethPage.goto(`/besoins/${morning}`);
    await expect(engagement(fiftiethPage).locator('#support-count')).toHaveText('49 soutiens sur 50 pour obtenir une réponse officielle');
    await engagement(fiftiethPage).getByRole('button', { name: 'Je soutiens ce besoin' }).click();
    await expect(engagement(fiftiethPage)).toContainText('Réponse officielle attendue');
    await expect(engagement(fiftiethPage).locator('#support-count')).toContainText('50 soutiens');
  } finally {
    await fiftiethContext.close();
  }
  await page.reload();
  await expect(engagement(page)).toContainText('Réponse officielle attendue');

  // Its author withdraws it (a status change, before the commune studies it): the followers are told
  // in the daily digest, the default.
  const withdrawn = await residentRequest.post(`/besoins/${morning}/retirer`, {
    form: { reason: 'Le réseau de bus a annoncé des passages le dimanche.' },
    headers: { origin: new URL(baseURL!).origin, accept: 'text/html' },
    maxRedirects: 0,
  });
  expect(withdrawn.status(), await withdrawn.text().catch(() => '')).toBe(303);
  // One notification for her (supporter and follower: once), waiting for the digest, her default.
  await expect
    .poll(
      async () =>
        await sql(baseURL!, `SELECT n.delivery FROM notification n JOIN person p ON p.id = n.person_id WHERE p.email = $1`, [resident.email]),
      { message: 'the withdrawal is fanned out to the follower', timeout: 20_000 },
    )
    .toEqual([{ delivery: 'digest' }]);
  // (That nothing leaves before the digest job runs is checked by the notifications integration tests:
  // here the other project's run of this journey may run the digest job at any moment.)
  const digests = async () => (await mailbox.mails(resident.email)).filter((mail) => mail.subject.startsWith('Votre résumé du jour'));

  const env = { ...process.env, ...servicesEnv(), DATABASE_URL: await stackDatabaseUrl(baseURL!), PUBLIC_URL: baseURL!, DIGEST_SCHEDULE: 'off', NODE_ENV: 'production' };
  // Run asynchronously: a blocked event loop would let the mailbox's keep-alive socket go stale.
  const runDigest = () => promisify(execFile)(process.execPath, [path.join(root, 'apps/worker/dist/run-job.js'), 'send-daily-digest'], { cwd: root, env, encoding: 'utf8', timeout: 60_000 });
  const run = await runDigest();
  expect(run.stdout).toContain('send-daily-digest done');
  await expect.poll(async () => (await digests()).length, { message: 'one digest for the follower', timeout: 20_000 }).toBe(1);
  const [digest] = await digests();
  expect(digest!.text).toContain(`- Le besoin « Bus du dimanche matin ${token} » (${morning}) est maintenant : retiré par son auteur.`);
  expect(digest!.text).toContain('/notifications/desinscription?jeton=');
  // The job run again the same day sends nothing more.
  expect((await runDigest()).stdout).toContain('send-daily-digest done');
  expect(await digests()).toHaveLength(1);

  // Her mail app offers "se désabonner": the one-click POST of RFC 8058 (no Origin header, no cookie)
  // to the List-Unsubscribe URL switches her notifications off.
  const unsubscribe = /https?:\/\/\S+\/notifications\/desinscription\?jeton=[A-Za-z0-9_-]+/.exec(digest!.text)![0];
  const oneClick = await playwright.request.newContext();
  try {
    const response = await oneClick.post(unsubscribe, { form: { 'List-Unsubscribe': 'One-Click' }, maxRedirects: 0 });
    expect(response.status(), await response.text()).toBe(200);
    expect(await response.text()).toBe('Vous ne recevrez plus de courriels de notification.');
    const forged = await oneClick.post(unsubscribe.replace(/jeton=.*/, 'jeton=inconnu'), { form: { 'List-Unsubscribe': 'One-Click' }, maxRedirects: 0 });
    expect(forged.status()).toBe(400);
  } finally {
    await oneClick.dispose();
  }
  expect(await sql(baseURL!, `SELECT mode FROM notification_preference n JOIN person p ON p.id = n.person_id WHERE p.email = $1`, [resident.email])).toEqual([{ mode: 'off' }]);
});

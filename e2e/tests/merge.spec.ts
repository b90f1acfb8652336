// Duplicates (issue 5 item 5, H3): an agent of Avrillé merges a need into the one kept, choosing it by its
// reference and confirming its title; the merged need's supporter is emailed, opens /compte/soutiens from
// the link and carries the support over; both public pages show the merge and the counts move only then.
// Server-only staff and account pages: the same plain forms in both projects; axe with JS on and off.
import { randomBytes } from 'node:crypto';
import { expect, test, type APIRequestContext, type Browser, type Page, type TestInfo } from '@playwright/test';
import { auditHydrated, auditWithoutJs, jsEnabled, runToken } from '../support/app';
import { mailbox } from '../support/mailbox';
import { logIn, newPerson, notice, signUpOverHttp, type Person } from '../support/people';
import { stackSql as sql } from '../support/sql';

const ALPHABET = '23456789ABCDEFGHJKMNPQRSTVWXYZ';

/** A public need of Avrillé ("transmis"), without an author account. */
async function seedNeed(baseURL: string, title: string): Promise<{ id: string; reference: string; title: string }> {
  const reference = `B-${[...randomBytes(6)].map((byte) => ALPHABET[byte % ALPHABET.length]).join('')}`;
  const [row] = await sql<{ id: string }>(
    baseURL,
    `INSERT INTO need (reference, title, description, category_key, commune_code, status, authority_id)
     SELECT $1, $2, 'Les voitures roulent vite devant l''école et les enfants traversent sans passage protégé.', 'schools', '49015', 'transmitted', a.id
       FROM authority a WHERE a.kind = 'commune' AND a.code = '49015' RETURNING id`,
    [reference, title],
  );
  return { id: row!.id, reference, title };
}

/** A person with a confirmed address who supports `needId` (the row and its tally shard, as supportNeed writes them). */
async function seedSupporter(request: APIRequestContext, baseURL: string, testInfo: TestInfo, needId: string): Promise<Person> {
  const person = newPerson(testInfo, 'sout');
  await signUpOverHttp(request, baseURL, person);
  await sql(
    baseURL,
    `WITH p AS (UPDATE person SET email_verified_at = now() WHERE email = $1 RETURNING id),
          s AS (INSERT INTO need_support (need_id, person_id) SELECT $2, id FROM p RETURNING need_id)
     INSERT INTO need_support_tally (need_id, shard, supports) SELECT need_id, 0, 1 FROM s
     ON CONFLICT (need_id, shard) DO UPDATE SET supports = need_support_tally.supports + 1`,
    [person.email, needId],
  );
  return person;
}

async function logInAs(page: Page, person: Person) {
  await page.goto('/connexion');
  await logIn(page, person);
  await expect(page).toHaveURL(/\/compte$/);
}

async function audit(page: Page, browser: Browser, baseURL: string, testInfo: TestInfo, name: string, url: string) {
  if (jsEnabled(testInfo)) await auditHydrated(page, { name, open: (p) => p.goto(url).then(() => undefined) }, testInfo);
  else await auditWithoutJs(browser, baseURL, { name, open: (p) => p.goto(url).then(() => undefined) }, testInfo, (await page.context().storageState()) as never);
}

const supportCount = (page: Page) => page.locator('section.engagement #support-count strong');

test('an agent merges a duplicate; its supporter is asked by email and carries the support over; both public pages show it', async ({ page, browser, baseURL, request }, testInfo) => {
  const token = runToken(testInfo);
  const merged = await seedNeed(baseURL!, `Passage piéton rue des Écoles ${token}`);
  const kept = await seedNeed(baseURL!, `Traverser devant l'école Jules-Ferry ${token}`);
  const supporter = await seedSupporter(request, baseURL!, testInfo, merged.id);

  const agent = newPerson(testInfo, 'agent');
  await signUpOverHttp(request, baseURL!, agent);
  await sql(
    baseURL!,
    `INSERT INTO role_assignment (person_id, role, authority_id) SELECT p.id, 'agent', a.id FROM person p, authority a WHERE p.email = $1 AND a.kind = 'commune' AND a.code = '49015'`,
    [agent.email],
  );
  await logInAs(page, agent);

  // The kept need by its reference (typed loosely), its title shown to confirm.
  const mergeUrl = `/collectivite/besoins/${merged.reference}/fusionner`;
  await page.goto(mergeUrl);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(`Fusionner le besoin ${merged.reference}`);
  await page.getByLabel('Référence du besoin conservé').fill('B-2222222');
  await page.getByRole('button', { name: 'Vérifier' }).click();
  await expect(page.getByRole('alert')).toContainText('Référence du besoin conservé : Cette référence n’est pas valide : elle ressemble à B-7K3M9Q.');
  await page.getByLabel('Référence du besoin conservé').fill(kept.reference.toLowerCase());
  await page.getByRole('button', { name: 'Vérifier' }).click();
  await expect(page.getByRole('heading', { level: 2, name: `Besoin conservé : ${kept.reference}` })).toBeVisible();
  await expect(page.getByText(`« ${kept.title} » (transmis).`)).toBeVisible();
  await audit(page, browser, baseURL!, testInfo, 'merge page', page.url());

  // Without a reason: the error names the field, nothing is merged.
  await page.getByRole('button', { name: `Fusionner ${merged.reference} dans ${kept.reference}` }).click();
  await expect(page.getByRole('alert')).toContainText('Motif de la fusion : Indiquez pourquoi ces besoins sont des doublons : ce motif sera affiché publiquement.');
  expect(await sql(baseURL!, `SELECT status FROM need WHERE id = $1`, [merged.id])).toEqual([{ status: 'transmitted' }]);
  const reason = 'Les deux besoins demandent le même passage piéton devant l’école.';
  await page.getByLabel('Motif de la fusion').fill(reason);
  await page.getByRole('button', { name: `Fusionner ${merged.reference} dans ${kept.reference}` }).click();
  await expect(page).toHaveURL(new RegExp(`/collectivite/besoins/${merged.reference}$`));
  await expect(notice(page)).toHaveText('Le besoin est fusionné. Ses soutiens sont invités par courriel à reporter leur soutien sur le besoin conservé.');

  // Merged once: the state machine leaves no second merge.
  await page.goto(mergeUrl);
  await expect(page.getByText(`« ${merged.title} » est « doublon » : il ne peut plus être fusionné.`)).toBeVisible();
  await expect(page.getByRole('button', { name: 'Vérifier' })).toHaveCount(0);

  // Traceable both ways; nobody's support moved yet.
  await page.goto(`/besoins/${merged.reference}`);
  await expect(page.getByText(`Fusionné dans ${kept.reference} : ${kept.title}`)).toBeVisible();
  await expect(supportCount(page)).toHaveText('1');
  await page.getByRole('link', { name: kept.reference, exact: true }).click();
  await expect(page).toHaveURL(new RegExp(`/besoins/${kept.reference}$`));
  await expect(page.getByText(`Besoins fusionnés ici : ${merged.reference} (${merged.title})`)).toBeVisible();
  await expect(supportCount(page)).toHaveText('0');
  await audit(page, browser, baseURL!, testInfo, 'kept need page', `/besoins/${kept.reference}`);

  // The supporter's email, and its link to the consent page.
  const subject = `Besoin ${merged.reference} fusionné : reporter votre soutien ?`;
  await expect.poll(async () => (await mailbox.mails(supporter.email)).filter((mail) => mail.subject === subject).length, { timeout: 20_000 }).toBe(1);
  const [mail] = (await mailbox.mails(supporter.email)).filter((m) => m.subject === subject);
  expect(mail!.text).toContain(`dans le besoin « ${kept.title} » (${kept.reference})`);
  const link = new URL(/https?:\/\/\S+\/compte\/soutiens/.exec(mail!.text)![0]);

  const context = await browser.newContext({ baseURL, javaScriptEnabled: jsEnabled(testInfo) });
  try {
    const resident = await context.newPage();
    await logInAs(resident, supporter);
    await resident.goto(link.pathname);
    await expect(resident.getByRole('heading', { level: 1 })).toHaveText('Mes soutiens à reporter');
    const item = resident.getByRole('region', { name: `${merged.reference} fusionné dans ${kept.reference}` });
    await expect(item).toContainText(`Motif : ${reason}`);
    await audit(resident, browser, baseURL!, testInfo, 'consent page', link.pathname);
    await item.getByRole('button', { name: 'Reporter mon soutien' }).click();
    await expect(notice(resident)).toHaveText('Votre soutien est reporté sur le besoin conservé.');
    await expect(resident.getByText("Vous n'avez aucun soutien à reporter : aucun besoin que vous soutenez n'a été fusionné dans un autre.")).toBeVisible();
  } finally {
    await context.close();
  }

  // Moved once: the counts on both public pages, and the rows behind them.
  await page.goto(`/besoins/${kept.reference}`);
  await expect(supportCount(page)).toHaveText('1');
  await page.goto(`/besoins/${merged.reference}`);
  await expect(supportCount(page)).toHaveText('0');
  expect(
    await sql(
      baseURL!,
      `SELECT n.reference, (SELECT COALESCE(sum(supports), 0)::int FROM need_support_tally t WHERE t.need_id = n.id) AS tally,
              (SELECT count(DISTINCT person_id)::int FROM need_support s WHERE s.need_id = n.id) AS people
         FROM need n WHERE n.id = ANY($1::uuid[]) ORDER BY n.reference = $2`,
      [[merged.id, kept.id], kept.reference],
    ),
  ).toEqual([
    { reference: merged.reference, tally: 0, people: 0 },
    { reference: kept.reference, tally: 1, people: 1 },
  ]);

  // The agent has no request: the account page leads to the page that says so.
  await page.goto('/compte');
  await page.getByRole('link', { name: 'Mes soutiens à reporter' }).click();
  await expect(page.getByText("Vous n'avez aucun soutien à reporter : aucun besoin que vous soutenez n'a été fusionné dans un autre.")).toBeVisible();
});

// Accountability (issue 5 item 6, H4): the public figures of an authority (/collectivites and
// /collectivites/[id]: median days to first answer, overdue needs) and the "useful, usable, used"
// survey: the author of a réalisé need answers from /besoins/[reference]/avis and the need page shows
// the one-line summary. Server-only pages: the same plain forms in both projects; axe with JS on and off.
import { randomBytes } from 'node:crypto';
import { expect, test, type Browser, type Page, type TestInfo } from '@playwright/test';
import { auditHydrated, auditWithoutJs, jsEnabled, runToken } from '../support/app';
import { logIn, newPerson, notice, signUpOverHttp } from '../support/people';
import { stackSql as sql } from '../support/sql';

const ALPHABET = '23456789ABCDEFGHJKMNPQRSTVWXYZ';
const reference = () => `B-${[...randomBytes(6)].map((byte) => ALPHABET[byte % ALPHABET.length]).join('')}`;

/** The value (dd) of a term (dt) of the facts list. */
const fact = (page: Page, term: string) => page.locator('dl.facts dt', { hasText: term }).locator('xpath=following-sibling::dd[1]');

async function audit(page: Page, browser: Browser, baseURL: string, testInfo: TestInfo, name: string, url: string) {
  if (jsEnabled(testInfo)) await auditHydrated(page, { name, open: (p) => p.goto(url).then(() => undefined) }, testInfo);
  else await auditWithoutJs(browser, baseURL, { name, open: (p) => p.goto(url).then(() => undefined) }, testInfo, (await page.context().storageState()) as never);
}

/**
 * A commune no other journey uses (one per project: both run at once), its needs from earlier runs
 * removed, then three public needs arrived 40 days ago: one réalisé by `authorEmail`, answered after 4
 * days; one answered after 10 days; one never answered and overdue. (The api keeps the territory in
 * memory: the authority must be a seeded one.)
 */
async function seedAuthority(baseURL: string, token: string, authorEmail: string, communeCode: string) {
  const [authority] = await sql<{ id: string; name: string }>(baseURL, `SELECT id, name FROM authority WHERE kind = 'commune' AND code = $1`, [communeCode]);
  await sql(baseURL, `DELETE FROM need WHERE authority_id = $1 OR commune_code = $2`, [authority!.id, communeCode]);
  await sql(baseURL, `DELETE FROM authority_participation WHERE authority_id = $1`, [authority!.id]);
  const needs: Array<{ title: string; reference: string; status: string; answeredAfter: number | null; due: string }> = [
    { title: `Un abri pour le marché ${token}`, reference: reference(), status: 'done', answeredAfter: 4, due: '-5 days' },
    { title: `Des bancs au cimetière ${token}`, reference: reference(), status: 'under_study', answeredAfter: 10, due: '-5 days' },
    { title: `Un éclairage du parking ${token}`, reference: reference(), status: 'transmitted', answeredAfter: null, due: '-3 days' },
  ];
  for (const need of needs) {
    await sql(
      baseURL,
      `WITH n AS (
         INSERT INTO need (reference, title, description, category_key, commune_code, status, authority_id, author_id, answer_due_at, first_answer_at, created_at)
         SELECT $1, $2, 'Une description du besoin témoin, assez longue pour être acceptée.', 'schools', $8, $3, $4, p.id, now() + $5::interval,
                CASE WHEN $6::int IS NULL THEN NULL ELSE now() - interval '40 days' + make_interval(days => $6::int) END, now() - interval '40 days'
           FROM person p WHERE p.email = $7 RETURNING id)
       INSERT INTO need_routing (need_id, level, authority_id, reason, kind, created_at)
       SELECT n.id, 'C', $4, 'Les écoles relèvent de la commune.', 'initial', now() - interval '40 days' FROM n`,
      [need.reference, need.title, need.status, authority!.id, need.due, need.answeredAfter, authorEmail, communeCode],
    );
  }
  await sql(baseURL, `UPDATE need SET current_routing_id = r.id FROM need_routing r WHERE r.need_id = need.id AND need.authority_id = $1`, [authority!.id]);
  const [{ position }] = await sql<{ position: number }>(
    baseURL,
    `SELECT count(*)::int AS position FROM authority WHERE kind = 'commune' AND (name, id) < (SELECT name, id FROM authority WHERE id = $1)`,
    [authority!.id],
  );
  return { id: authority!.id, name: authority!.name, done: needs[0]!, page: Math.floor(position / 20) + 1 };
}

test('public figures of an authority, and the author of a réalisé need says whether the service answers it', async ({ page, browser, baseURL, request }, testInfo) => {
  const token = runToken(testInfo).replace(/[^A-Za-z0-9]/g, '').slice(-10) + Math.random().toString(36).slice(2, 5);
  const author = newPerson(testInfo, 'avis');
  await signUpOverHttp(request, baseURL!, author);
  // Denée for the js project, Feneu for nojs.
  const authority = await seedAuthority(baseURL!, token, author.email, jsEnabled(testInfo) ? '49120' : '49135');
  // The authority's own page: literal figures.
  await page.goto(`/collectivites/${authority.id}`);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(`${authority.name} : les chiffres`);
  await expect(fact(page, 'Besoins publics à sa charge')).toHaveText('3');
  await expect(fact(page, 'Délai de première réponse visé')).toHaveText('30 jours');
  await expect(fact(page, 'Délai médian de première réponse')).toHaveText('7 jours (sur 2 besoins ayant reçu une réponse)');
  await expect(fact(page, 'Besoins en retard')).toHaveText('1');
  await expect(fact(page, 'Ce service répond-il au besoin ?')).toHaveText('Pas encore d’avis.');
  await expect(page.getByRole('listitem').filter({ hasText: 'réalisé : 1' })).toBeVisible();
  await audit(page, browser, baseURL!, testInfo, 'authority figures', `/collectivites/${authority.id}`);

  // The list of communes, 20 a page, by name; one link per authority.
  const [{ count }] = await sql<{ count: number }>(baseURL!, `SELECT count(*)::int AS count FROM authority WHERE kind = 'commune'`);
  const last = Math.ceil(count / 20);
  await page.goto('/');
  await page.getByRole('link', { name: 'Les collectivités rendent compte' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Les collectivités rendent compte');
  await page.getByRole('navigation', { name: 'Type de collectivité' }).getByRole('link', { name: 'Communes' }).click();
  await expect(page.getByRole('table')).toContainText(`${count} collectivités, page 1 sur ${last}`);
  await audit(page, browser, baseURL!, testInfo, 'authorities figures', '/collectivites?type=communes');
  await page.goto(`/collectivites?type=communes&page=${authority.page}`);
  const row = page.getByRole('row').filter({ has: page.getByRole('rowheader', { name: authority.name }) });
  await expect(row.getByRole('cell')).toHaveText(['3', '7 jours', '1']);
  await row.getByRole('link', { name: authority.name }).click();
  await expect(page).toHaveURL(new RegExp(`/collectivites/${authority.id}$`));

  // Anonymous: the survey page asks to log in first.
  await page.goto(`/besoins/${authority.done.reference}/avis`);
  await expect(page).toHaveURL(new RegExp(`/connexion\\?retour=${encodeURIComponent(`/besoins/${authority.done.reference}/avis`)}$`));
  await logIn(page, author);
  await expect(page).toHaveURL(new RegExp(`/besoins/${authority.done.reference}/avis$`));

  await page.goto(`/besoins/${authority.done.reference}`);
  await expect(page.getByText('Ce service répond-il au besoin ? Pas encore de réponse.')).toBeVisible();
  await page.getByRole('link', { name: 'Donner mon avis' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Votre avis sur le service');
  await audit(page, browser, baseURL!, testInfo, 'survey page', `/besoins/${authority.done.reference}/avis`);

  // No answer chosen: the error names the question; nothing is recorded.
  await page.getByRole('button', { name: 'Envoyer mon avis' }).click();
  await expect(page.getByRole('alert')).toContainText('Ce service répond-il au besoin ? : Choisissez oui, en partie ou non.');
  expect(await sql(baseURL!, `SELECT count(*)::int AS n FROM service_feedback f JOIN need n ON n.id = f.need_id WHERE n.reference = $1`, [authority.done.reference])).toEqual([{ n: 0 }]);

  await page.getByRole('group', { name: 'Ce service répond-il au besoin ?' }).getByLabel('Non').check();
  await page.getByLabel('Commentaire (facultatif)').fill('Le marché couvert ferme avant la sortie du travail.');
  await page.getByRole('button', { name: 'Envoyer mon avis' }).click();
  await expect(page).toHaveURL(new RegExp(`/besoins/${authority.done.reference}$`));
  await expect(notice(page)).toHaveText('Merci : votre avis sur le service est enregistré. Vous pouvez le changer à tout moment.');
  await expect(page.getByText('Ce service répond-il au besoin ? 0 oui, 0 en partie, 1 non.')).toBeVisible();

  // Once each: changing the answer replaces it.
  await page.getByRole('link', { name: 'Changer mon avis' }).click();
  await expect(page.getByRole('group', { name: 'Ce service répond-il au besoin ?' }).getByLabel('Non')).toBeChecked();
  await page.getByRole('group', { name: 'Ce service répond-il au besoin ?' }).getByLabel('En partie').check();
  await page.getByRole('button', { name: 'Changer mon avis' }).click();
  await expect(page.getByText('Ce service répond-il au besoin ? 0 oui, 1 en partie, 0 non.')).toBeVisible();
  expect(
    await sql(baseURL!, `SELECT f.answer, f.comment FROM service_feedback f JOIN need n ON n.id = f.need_id WHERE n.reference = $1`, [authority.done.reference]),
  ).toEqual([{ answer: 'partly', comment: 'Le marché couvert ferme avant la sortie du travail.' }]);
  await page.goto(`/collectivites/${authority.id}`);
  await expect(fact(page, 'Ce service répond-il au besoin ?')).toHaveText('0 oui, 1 en partie, 0 non (avis des auteurs et soutiens des besoins réalisés)');

  // Someone else: not the author nor a supporter, no form.
  const stranger = newPerson(testInfo, 'autre');
  await signUpOverHttp(request, baseURL!, stranger);
  const context = await browser.newContext({ baseURL, javaScriptEnabled: jsEnabled(testInfo) });
  try {
    const other = await context.newPage();
    await other.goto('/connexion');
    await logIn(other, stranger);
    await other.goto(`/besoins/${authority.done.reference}/avis`);
    await expect(other.getByText("Seuls l'auteur du besoin et les personnes qui le soutiennent peuvent dire si le service y répond.")).toBeVisible();
    await expect(other.getByRole('button', { name: 'Envoyer mon avis' })).toHaveCount(0);
  } finally {
    await context.close();
  }
});

test('an agent sets the first-answer target of their commune; the public figures show it', async ({ page, browser, baseURL, request }, testInfo) => {
  const code = jsEnabled(testInfo) ? '49120' : '49135';
  const [authority] = await sql<{ id: string; name: string }>(baseURL!, `SELECT id, name FROM authority WHERE kind = 'commune' AND code = $1`, [code]);
  const agent = newPerson(testInfo, 'delai');
  await signUpOverHttp(request, baseURL!, agent);
  await sql(baseURL!, `INSERT INTO role_assignment (person_id, role, authority_id) SELECT p.id, 'agent', $2 FROM person p WHERE p.email = $1`, [agent.email, authority!.id]);
  try {
    await page.goto('/connexion');
    await logIn(page, agent);
    await expect(page).toHaveURL(/\/compte$/);
    await page.goto('/collectivite/participation');
    await expect(page.getByRole('heading', { level: 2 })).toHaveText(authority!.name);
    const target = page.getByLabel('Délai de première réponse (jours)');
    await expect(target).toHaveValue('30');

    await target.fill('0');
    await page.getByRole('button', { name: 'Enregistrer' }).click();
    await expect(page.getByRole('alert')).toContainText('Délai de première réponse (jours) : Le délai de première réponse est un nombre de jours entre 1 et 365.');
    await audit(page, browser, baseURL!, testInfo, 'participation page with an error', page.url());
    await page.getByLabel('Délai de première réponse (jours)').fill('21');
    await page.getByRole('button', { name: 'Enregistrer' }).click();
    await expect(notice(page)).toHaveText('Le seuil de soutiens et le délai de réponse sont enregistrés.');
    await expect(page.getByLabel('Délai de première réponse (jours)')).toHaveValue('21');

    await page.getByRole('link', { name: 'chiffres publics de votre collectivité' }).click();
    await expect(page).toHaveURL(/\/collectivites$/);
    await page.goto(`/collectivites/${authority!.id}`);
    await expect(fact(page, 'Délai de première réponse visé')).toHaveText('21 jours');
  } finally {
    await sql(baseURL!, `DELETE FROM authority_participation WHERE authority_id = $1`, [authority!.id]);
    await sql(baseURL!, `DELETE FROM role_assignment WHERE authority_id = $1 AND person_id = (SELECT id FROM person WHERE email = $2)`, [authority!.id, agent.email]);
  }
});

// Moderation (issue 5 item 7, H5): a resident reports a need from its page (/besoins/<ref>/signaler, a
// plain form), a moderator finds it in the queue (/moderation), hides it with a reason the public page
// then shows instead of its text, and un-hides it: it gets back the status it had. Pre-moderation: an
// agent turns it on for their commune; a need routed there stays out of the public list until approved.
// Server-only pages (the same plain forms in both projects); axe with JavaScript on and off.
import { randomBytes } from 'node:crypto';
import { expect, type APIRequestContext, type Browser, type Page, type TestInfo } from '@playwright/test';
import { test } from '../support/fixtures';
import { auditHydrated, auditWithoutJs, jsEnabled, runToken, submitNeedOverHttp } from '../support/app';
import { logIn, newPerson, notice, signUp, signUpOverHttp } from '../support/people';
import { stackSql as sql } from '../support/sql';

const ALPHABET = '23456789ABCDEFGHJKMNPQRSTVWXYZ';

/** A public need of Avrillé ("transmis"), without an author account. */
async function seedNeed(baseURL: string, title: string): Promise<string> {
  const reference = `B-${[...randomBytes(6)].map((byte) => ALPHABET[byte % ALPHABET.length]).join('')}`;
  await sql(
    baseURL,
    `INSERT INTO need (reference, title, description, category_key, commune_code, status, authority_id)
     SELECT $1, $2, 'La cour de l''école n''a plus d''ombre depuis que les platanes ont été abattus.', 'schools', '49015', 'transmitted', a.id
       FROM authority a WHERE a.kind = 'commune' AND a.code = '49015'`,
    [reference, title],
  );
  await sql(baseURL, `INSERT INTO need_status_change (need_id, status, note) SELECT id, 'transmitted', NULL FROM need WHERE reference = $1`, [reference]);
  return reference;
}

/** A new page, in its own context, logged in as a new person holding `role` (roles are read at log-in). */
async function staffPage(browser: Browser, request: APIRequestContext, baseURL: string, testInfo: TestInfo, role: 'moderator' | 'agent', communeCode?: string): Promise<Page> {
  const person = newPerson(testInfo, role.slice(0, 4));
  await signUpOverHttp(request, baseURL, person);
  await sql(
    baseURL,
    `INSERT INTO role_assignment (person_id, role, authority_id)
     SELECT p.id, $2, (SELECT a.id FROM authority a WHERE a.kind = 'commune' AND a.code = $3) FROM person p WHERE p.email = $1`,
    [person.email, role, communeCode ?? null],
  );
  const context = await browser.newContext({ baseURL });
  const page = await context.newPage();
  await page.goto('/connexion');
  await logIn(page, person);
  await expect(page).toHaveURL(/\/compte$/);
  return page;
}

test('a resident reports a need; a moderator hides it with a reason shown publicly, then un-hides it', async ({ page, browser, baseURL, request }, testInfo) => {
  const title = `Cour sans ombre ${runToken(testInfo)}`;
  const reference = await seedNeed(baseURL!, title);
  const resident = newPerson(testInfo, 'sign');
  await signUp(page, resident);

  await page.goto(`/besoins/${reference}`);
  await page.getByRole('link', { name: 'Signaler ce besoin à la modération' }).click();
  await expect(page).toHaveURL(new RegExp(`/besoins/${reference}/signaler$`));
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(`Signaler le besoin « ${title} »`);
  const residentState = (await page.context().storageState()) as never;
  await auditWithoutJs(browser, baseURL!, { name: 'report form', open: (p) => p.goto(`/besoins/${reference}/signaler`).then(() => undefined) }, testInfo, residentState);

  // Without a reason: the summary names the field, nothing is recorded.
  await page.getByRole('button', { name: 'Signaler ce besoin' }).click();
  await expect(page.getByRole('alert')).toContainText('Raison du signalement : Choisissez une raison dans la liste.');
  await expect(page).toHaveTitle(/^Erreur : /);
  await page.getByRole('radio', { name: 'Propos injurieux, haineux ou menaçants' }).check();
  await page.getByLabel('Précision (facultatif)').fill('Le texte vise une enseignante par son nom.');
  await page.getByRole('button', { name: 'Signaler ce besoin' }).click();
  await expect(page).toHaveURL(new RegExp(`/besoins/${reference}$`));
  await expect(notice(page)).toHaveText('Merci : le besoin est signalé à la modération.');
  expect(await sql(baseURL!, `SELECT r.reason, r.detail FROM need_report r JOIN need n ON n.id = r.need_id WHERE n.reference = $1`, [reference])).toEqual([
    { reason: 'abuse', detail: 'Le texte vise une enseignante par son nom.' },
  ]);
  // Once per person.
  await page.goto(`/besoins/${reference}/signaler`);
  await page.getByRole('radio', { name: 'Publicité ou spam' }).check();
  await page.getByRole('button', { name: 'Signaler ce besoin' }).click();
  await expect(page.getByRole('alert')).toContainText('Vous avez déjà signalé ce besoin : la modération va l’examiner.');

  // The moderator hides it from the queue, with a public reason.
  const moderator = await staffPage(browser, request, baseURL!, testInfo, 'moderator');
  await moderator.goto('/moderation');
  const item = moderator.getByRole('article', { name: `Besoin ${reference} : ${title}` });
  await expect(item).toContainText(`Signalé par ${resident.pseudonym}`);
  await expect(item).toContainText('Propos injurieux, haineux ou menaçants — « Le texte vise une enseignante par son nom. »');
  const moderatorState = (await moderator.context().storageState()) as never;
  await auditWithoutJs(browser, baseURL!, { name: 'moderation queue', open: (p) => p.goto('/moderation').then(() => undefined) }, testInfo, moderatorState);
  await item.getByRole('button', { name: `Masquer le besoin ${reference}` }).click();
  await expect(moderator.getByRole('alert')).toContainText('Indiquez le motif : il sera affiché publiquement.');
  await moderator.getByRole('article', { name: `Besoin ${reference} : ${title}` }).getByLabel('Motif du masquage (affiché publiquement)').fill('Le texte met en cause une personne nommée.');
  await moderator.getByRole('article', { name: `Besoin ${reference} : ${title}` }).getByRole('button', { name: `Masquer le besoin ${reference}` }).click();
  await expect(notice(moderator)).toHaveText('Le besoin est masqué ; le motif est affiché publiquement.');
  await expect(moderator.getByRole('article', { name: `Besoin ${reference} : ${title}` })).toHaveCount(0);

  // The public page shows the reason, never the text; no report link any more.
  await page.goto(`/besoins/${reference}`);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Besoin masqué par la modération');
  await expect(page.getByRole('main')).toContainText('Masqué par la modération : Le texte met en cause une personne nommée.');
  await expect(page.getByRole('main')).not.toContainText('platanes');
  await expect(page.getByRole('link', { name: 'Signaler ce besoin à la modération' })).toHaveCount(0);
  if (jsEnabled(testInfo)) await auditHydrated(page, { name: 'hidden need page', open: (p) => p.goto(`/besoins/${reference}`).then(() => undefined) }, testInfo);
  await auditWithoutJs(browser, baseURL!, { name: 'hidden need page', open: (p) => p.goto(`/besoins/${reference}`).then(() => undefined) }, testInfo);

  // Un-hidden: back to "transmis", its text public again.
  await moderator.goto('/moderation');
  await moderator.getByLabel('Référence du besoin').fill(reference.toLowerCase());
  await moderator.getByRole('button', { name: 'Rétablir' }).click();
  await expect(notice(moderator)).toHaveText('Le besoin est rétabli dans le statut qu’il avait avant d’être masqué.');
  await page.goto(`/besoins/${reference}`);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(title);
  await expect(page.locator('dl.facts .status')).toHaveText('transmis');
  await expect(page.locator('ol.timeline').last()).toContainText('Rétabli par la modération.');
  await moderator.context().close();
});

test('with pre-moderation on, a new need stays out of the public list until an agent of the commune approves it', async ({ browser, baseURL, request, residentRequest }, testInfo) => {
  // One commune per project (the two run side by side), used by no other spec.
  const commune = jsEnabled(testInfo) ? { code: '49017', name: 'Baracé' } : { code: '49029', name: 'Blaison-Saint-Sulpice' };
  const agent = await staffPage(browser, request, baseURL!, testInfo, 'agent', commune.code);
  try {
    await agent.goto('/moderation');
    await agent.getByRole('radio', { name: 'Activée', exact: true }).check();
    await agent.getByRole('button', { name: 'Enregistrer' }).click();
    await expect(notice(agent)).toHaveText('La pré-modération est activée : les nouveaux besoins attendront une approbation avant d’être publics.');
    await expect(agent.getByRole('radio', { name: 'Activée', exact: true })).toBeChecked();

    const title = `Préau à couvrir ${runToken(testInfo)}`;
    const reference = await submitNeedOverHttp(residentRequest, baseURL!, {
      title,
      description: 'Les enfants attendent sous la pluie devant le préau trop petit de l’école.',
      categoryKey: 'schools',
      communeCode: commune.code,
    });
    // The stack's worker routes it to the commune, which holds it.
    await expect.poll(async () => (await sql(baseURL!, `SELECT count(*)::int AS n FROM need_moderation_hold h JOIN need n ON n.id = h.need_id WHERE n.reference = $1`, [reference]))[0], { timeout: 20_000 }).toEqual({ n: 1 });
    const anonymous = await browser.newContext({ baseURL });
    const visitor = await anonymous.newPage();
    expect((await visitor.goto(`/besoins/${reference}`))!.status()).toBe(404);
    await visitor.goto(`/besoins?q=${encodeURIComponent(title)}`);
    await expect(visitor.getByRole('link', { name: title })).toHaveCount(0);

    await agent.goto('/moderation');
    const item = agent.getByRole('article', { name: `Besoin ${reference} : ${title}` });
    await expect(item).toContainText(`En attente de modération (pré-modération de ${commune.name})`);
    const agentState = (await agent.context().storageState()) as never;
    await auditWithoutJs(browser, baseURL!, { name: 'moderation page of an agent', open: (p) => p.goto('/moderation').then(() => undefined) }, testInfo, agentState);
    await item.getByRole('button', { name: `Approuver le besoin ${reference}` }).click();
    await expect(notice(agent)).toHaveText('Le besoin est approuvé : il est maintenant public.');

    await visitor.goto(`/besoins/${reference}`);
    await expect(visitor.getByRole('heading', { level: 1 })).toHaveText(title);
    await anonymous.close();
  } finally {
    // The stack's database is shared by every spec: the commune moderates no more.
    await sql(baseURL!, `DELETE FROM authority_moderation WHERE authority_id = (SELECT id FROM authority WHERE kind = 'commune' AND code = $1)`, [commune.code]);
    await agent.context().close();
  }
});

test('a phone number in a comment is masked and its author told; a moderator hides the comment, its reason shown in its place', async ({ page, browser, baseURL, request }, testInfo) => {
  const reference = await seedNeed(baseURL!, `Cantine bruyante ${runToken(testInfo)}`);
  const resident = newPerson(testInfo, 'comm');
  await signUp(page, resident);
  await page.goto(`/besoins/${reference}`);
  await page.getByLabel('Votre commentaire').fill('Appelez-moi au 06 12 34 56 78, la cantinière est une incapable.');
  await page.getByRole('button', { name: 'Publier le commentaire' }).click();
  await expect(notice(page)).toHaveText(
    'Votre commentaire est publié. Nous y avons masqué un numéro de téléphone ou une adresse e-mail : ne publiez pas de coordonnées personnelles.',
  );
  await expect(page.getByRole('main')).toContainText('Appelez-moi au [numéro masqué], la cantinière est une incapable.');

  const moderator = await staffPage(browser, request, baseURL!, testInfo, 'moderator');
  await moderator.goto('/moderation');
  const item = moderator.getByRole('article', { name: `Commentaire sur le besoin ${reference}` });
  await expect(item).toContainText('Données personnelles masquées automatiquement : numéro de téléphone');
  await item.getByLabel('Motif du masquage (affiché à la place du commentaire)').fill('Propos insultants envers une personne.');
  await item.getByRole('button', { name: `Masquer le commentaire sur ${reference}` }).click();
  await expect(notice(moderator)).toHaveText('Le commentaire est masqué ; le motif est affiché à sa place.');
  await moderator.context().close();

  await page.goto(`/besoins/${reference}`);
  await expect(page.getByRole('main')).toContainText('Masqué par la modération : Propos insultants envers une personne.');
  await expect(page.getByRole('main')).not.toContainText('incapable');
});

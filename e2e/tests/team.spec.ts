// Team life and routing rules (issue 5 items 3 and 10, H7): an admin adds, edits and deletes a routing
// rule on /admin/routage (a refused commune named in the error summary) and removes a departing agent
// on /collectivite/equipe; an agent of Avrillé chooses
// immediate alerts on /collectivite/equipe and hands their needs to a colleague for an absence.
// Server-only pages: the same plain forms in both projects; axe with JS on and off.
import { expect, type APIRequestContext, type Page, type TestInfo } from '@playwright/test';
import { test } from '../support/fixtures';
import { auditHydrated, auditWithoutJs, runToken, submitNeedOverHttp } from '../support/app';
import { logIn, newPerson, notice, signUpOverHttp, type Person } from '../support/people';
import { stackSql as sql } from '../support/sql';

/** Signs a new person up and gives them a role by SQL (roles are read at log-in). */
async function staffPerson(request: APIRequestContext, baseURL: string, testInfo: TestInfo, tag: string, grant: string, params: unknown[] = []): Promise<Person> {
  const person = newPerson(testInfo, tag);
  await signUpOverHttp(request, baseURL, person);
  await sql(baseURL, grant, [person.email, ...params]);
  return person;
}

async function logInAs(page: Page, person: Person) {
  await page.goto('/connexion');
  await logIn(page, person);
  await expect(page).toHaveURL(/\/compte$/);
}

const AVRILLE_AGENT = `INSERT INTO role_assignment (person_id, role, authority_id)
  SELECT p.id, 'agent', a.id FROM person p, authority a WHERE p.email = $1 AND a.kind = 'commune' AND a.code = '49015'`;

test('an admin adds a routing rule for one commune, edits it and deletes it, then removes a departing agent', async ({ page, browser, baseURL, residentRequest }, testInfo) => {
  // The two projects run at once: each works on its own commune of the Communauté de communes Anjou Loir et Sarthe.
  const [communeCode, communeName] = testInfo.project.name === 'nojs' ? ['49220', 'Morannes sur Sarthe-Daumeray'] : ['49347', 'Tiercé'];
  const mine = `SELECT id FROM routing_rule WHERE category_key = 'street_lighting' AND commune_code = $1`;
  await sql(baseURL!, `DELETE FROM routing_rule WHERE category_key = 'street_lighting' AND commune_code = $1`, [communeCode]);
  const admin = await staffPerson(residentRequest, baseURL!, testInfo, 'admin', `INSERT INTO role_assignment (person_id, role) SELECT id, 'admin' FROM person WHERE email = $1`);
  await logInAs(page, admin);
  const rulesUrl = '/admin/routage?epci=200068955&theme=street_lighting';
  await page.goto(rulesUrl);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Règles d’orientation');
  await expect(page.getByRole('heading', { level: 2, name: /^Règles de Communauté de communes Anjou Loir et Sarthe/ })).toBeVisible();
  await expect(page.getByRole('region', { name: /Règles de Communauté de communes Anjou Loir et Sarthe/ }).getByRole('row', { name: /Éclairage public/ }).first()).toContainText('Toute l’intercommunalité');
  const storageState = (await page.context().storageState()) as never;
  const refusedCommune = async (p: Page) => {
    await p.goto(rulesUrl);
    await p.getByLabel('Catégorie').selectOption({ label: 'Éclairage public' });
    await p.getByLabel(/^Code INSEE de la commune/).fill('49015');
    await p.getByRole('radio', { name: 'Pôle métropolitain' }).check();
    await p.getByLabel('Phrase montrée aux habitants').fill('L’éclairage de cette commune relève {de_autorite} (essai).');
    await p.getByRole('button', { name: 'Ajouter la règle' }).click();
    await expect(p.getByRole('alert')).toContainText('Code INSEE de la commune : Avrillé n’est pas dans Communauté de communes Anjou Loir et Sarthe.');
  };
  await auditHydrated(page, { name: 'routing rules', open: (p) => p.goto(rulesUrl).then(() => undefined) }, testInfo);
  await auditWithoutJs(browser, baseURL!, { name: 'routing rules', open: (p) => p.goto(rulesUrl).then(() => undefined) }, testInfo, storageState);
  await auditWithoutJs(browser, baseURL!, { name: 'routing rules, refused commune', open: refusedCommune }, testInfo, storageState);

  // A commune of another EPCI is refused, the field named.
  await refusedCommune(page);
  await expect(page).toHaveTitle(/^Erreur : /);
  await expect(page.getByLabel(/^Code INSEE de la commune/)).toHaveAttribute('aria-invalid', 'true');

  await page.getByLabel(/^Code INSEE de la commune/).fill(communeCode);
  await page.getByRole('button', { name: 'Ajouter la règle' }).click();
  await expect(notice(page)).toHaveText('La règle d’orientation est enregistrée. Elle s’applique aux besoins déposés à partir de maintenant.');
  const row = page.getByRole('row', { name: new RegExp(`Éclairage public.*${communeName}`) });
  await expect(row).toContainText('Pôle métropolitain');
  expect(await sql(baseURL!, `SELECT level, reason_template FROM routing_rule WHERE category_key = 'street_lighting' AND commune_code = $1`, [communeCode])).toEqual([
    { level: 'P', reason_template: 'L’éclairage de cette commune relève {de_autorite} (essai).' },
  ]);

  await row.getByRole('link', { name: /^Modifier/ }).click();
  await expect(page.getByRole('heading', { level: 2, name: `Modifier la règle « Éclairage public » à ${communeName}` })).toBeVisible();
  await page.getByRole('radio', { name: 'Commune' }).check();
  await page.getByRole('button', { name: 'Enregistrer la règle' }).click();
  await expect(notice(page)).toHaveText('La règle d’orientation est enregistrée. Elle s’applique aux besoins déposés à partir de maintenant.');
  const [rule] = await sql<{ id: string }>(baseURL!, mine, [communeCode]);
  expect(await sql(baseURL!, `SELECT level FROM routing_rule WHERE id = $1`, [rule!.id])).toEqual([{ level: 'C' }]);
  expect(await sql(baseURL!, `SELECT action FROM audit_entry WHERE subject_id = $1 ORDER BY created_at`, [rule!.id])).toEqual([{ action: 'routing_rule.create' }, { action: 'routing_rule.update' }]);

  await page.getByRole('row', { name: new RegExp(`Éclairage public.*${communeName}`) }).getByRole('button', { name: /^Supprimer/ }).click();
  await expect(notice(page)).toHaveText('La règle d’orientation est supprimée. Les besoins déjà orientés gardent leur orientation.');
  expect(await sql(baseURL!, mine, [communeCode])).toEqual([]);

  // The same admin removes a departing agent of Avrillé from the team: role revoked, needs back in the queue.
  const leaving = await staffPerson(residentRequest, baseURL!, testInfo, 'partant', AVRILLE_AGENT);
  const [avrille] = await sql<{ id: string }>(baseURL!, `SELECT id FROM authority WHERE kind = 'commune' AND code = '49015'`);
  await page.goto(`/collectivite/equipe?collectivite=${avrille!.id}`);
  await expect(page.getByLabel('Collectivité')).toHaveValue(avrille!.id);
  await page.getByRole('button', { name: `Retirer de l’équipe : ${leaving.pseudonym}` }).click();
  await expect(notice(page)).toHaveText('L’agent est retiré de l’équipe : ses besoins reviennent dans la file des besoins non attribués.');
  await expect(page.getByRole('list', { name: 'Agents de Avrillé' })).not.toContainText(leaving.pseudonym);
  expect(await sql(baseURL!, `SELECT r.role FROM role_assignment r JOIN person p ON p.id = r.person_id WHERE p.email = $1`, [leaving.email])).toEqual([]);
});

test('an agent chooses immediate alerts and hands their needs to a colleague for an absence', async ({ page, browser, baseURL, residentRequest }, testInfo) => {
  const token = runToken(testInfo);
  const agent = await staffPerson(residentRequest, baseURL!, testInfo, 'agent', AVRILLE_AGENT);
  const colleague = await staffPerson(residentRequest, baseURL!, testInfo, 'collegue', AVRILLE_AGENT);
  const references: string[] = [];
  for (const title of [`Banc cassé au parc ${token}`, `Arbre mort près de l’école ${token}`]) {
    references.push(
      await submitNeedOverHttp(residentRequest, baseURL!, { title, description: 'Le banc du parc est cassé depuis un mois et personne ne peut plus s’y asseoir.', categoryKey: 'parks_playgrounds_trees', communeCode: '49015' }),
    );
  }
  // The stack's worker routes them to Avrillé (parcs: commune); they are the agent's.
  await expect
    .poll(async () => (await sql<{ n: number }>(baseURL!, `SELECT count(*)::int AS n FROM need WHERE reference = ANY($1) AND status = 'transmitted'`, [references]))[0]?.n, { timeout: 20_000 })
    .toBe(2);
  await sql(baseURL!, `UPDATE need SET assignee_id = (SELECT id FROM person WHERE email = $2) WHERE reference = ANY($1)`, [references, agent.email]);

  await logInAs(page, agent);
  await page.goto('/collectivite/equipe');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Équipe');
  const member = (person: Person) => page.getByRole('list', { name: 'Agents de Avrillé' }).getByRole('listitem').filter({ hasText: person.pseudonym });
  await expect(member(agent)).toHaveText(new RegExp(`^\\s*${agent.pseudonym} \\(vous\\)\\s*2 besoins attribués\\s*$`));
  await expect(member(colleague)).toHaveText(new RegExp(`^\\s*${colleague.pseudonym}\\s*Aucun besoin attribué\\s*$`));
  const storageState = (await page.context().storageState()) as never;
  await auditHydrated(page, { name: 'team page', open: (p) => p.goto('/collectivite/equipe').then(() => undefined) }, testInfo);
  await auditWithoutJs(browser, baseURL!, { name: 'team page', open: (p) => p.goto('/collectivite/equipe').then(() => undefined) }, testInfo, storageState);
  await auditWithoutJs(
    browser,
    baseURL!,
    {
      name: 'team page, hand-over refused',
      open: async (p) => {
        await p.goto('/collectivite/equipe');
        await p.getByRole('button', { name: 'Confier les besoins' }).click();
        await expect(p.getByRole('alert')).toBeVisible();
      },
    },
    testInfo,
    storageState,
  );

  // Alerts: the daily digest by default; immediate chosen.
  await expect(page.getByRole('radio', { name: 'Résumé quotidien' })).toBeChecked();
  await page.getByRole('radio', { name: 'Immédiatement' }).check();
  await page.getByRole('button', { name: 'Enregistrer mes alertes' }).click();
  await expect(notice(page)).toHaveText('Votre choix d’alertes pour les nouveaux besoins est enregistré.');
  await expect(page.getByRole('radio', { name: 'Immédiatement' })).toBeChecked();
  expect(await sql(baseURL!, `SELECT s.mode FROM staff_alert_preference s JOIN person p ON p.id = s.person_id WHERE p.email = $1`, [agent.email])).toEqual([{ mode: 'immediate' }]);

  // Hand-over: no colleague chosen is refused, the field named; then to the colleague until a date.
  await page.getByRole('button', { name: 'Confier les besoins' }).click();
  await expect(page.getByRole('alert')).toContainText('Collègue qui reprend ses besoins : Choisissez le collègue qui reprend les besoins.');
  await page.getByLabel('Collègue qui reprend ses besoins').selectOption({ label: colleague.pseudonym });
  await page.getByLabel(/^Date de retour/).fill('2099-12-31');
  await page.getByRole('button', { name: 'Confier les besoins' }).click();
  await expect(notice(page)).toHaveText('Les besoins sont confiés à votre collègue.');
  await expect(member(agent)).toContainText('Aucun besoin attribué');
  await expect(member(colleague)).toContainText('2 besoins attribués');
  await expect(page.getByRole('main')).toContainText(`${agent.pseudonym} a confié 2 besoins à ${colleague.pseudonym} jusqu’au 31 décembre 2099.`);
  expect(
    await sql(baseURL!, `SELECT count(*)::int AS n FROM need n JOIN person p ON p.id = n.assignee_id WHERE n.reference = ANY($1) AND p.email = $2`, [references, colleague.email]),
  ).toEqual([{ n: 2 }]);
});

test('an agent of Angers Loire Métropole associates Avrillé with a need (police powers), then ends it', async ({ page, browser, baseURL, residentRequest }, testInfo) => {
  const token = runToken(testInfo);
  const reference = await submitNeedOverHttp(residentRequest, baseURL!, {
    title: `Dépôts sauvages rue des Lilas ${token}`,
    description: 'Des sacs et des encombrants sont déposés chaque semaine au pied des conteneurs de la rue.',
    categoryKey: 'waste_collection',
    communeCode: '49015',
  });
  await expect.poll(async () => (await sql<{ status: string }>(baseURL!, `SELECT status FROM need WHERE reference = $1`, [reference]))[0]?.status, { timeout: 20_000 }).toBe('transmitted');
  const agent = await staffPerson(
    residentRequest,
    baseURL!,
    testInfo,
    'alm',
    `INSERT INTO role_assignment (person_id, role, authority_id) SELECT p.id, 'agent', c.epci_id FROM person p, commune c WHERE p.email = $1 AND c.code = '49015'`,
  );
  await logInAs(page, agent);
  const coUrl = `/collectivite/equipe/coattribution?besoin=${reference}`;
  await page.goto(coUrl);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(`Co-attribution du besoin ${reference} : Dépôts sauvages rue des Lilas ${token}`);
  await expect(page.getByRole('main')).toContainText('Ce besoin est confié à Angers Loire Métropole.');
  const storageState = (await page.context().storageState()) as never;
  await auditHydrated(page, { name: 'co-assignment', open: (p) => p.goto(coUrl).then(() => undefined) }, testInfo);
  const tooShort = async (p: Page) => {
    await p.goto(coUrl);
    await p.getByLabel('Collectivité qui travaille aussi sur ce besoin').selectOption({ label: 'Avrillé' });
    await p.getByLabel('Motif public').fill('Police.');
    await p.getByRole('button', { name: 'Associer la collectivité' }).click();
    await expect(p.getByRole('alert')).toContainText('Motif public : Le motif doit compter entre 10 et 1000 caractères (il en compte 7).');
  };
  await auditWithoutJs(browser, baseURL!, { name: 'co-assignment', open: (p) => p.goto(coUrl).then(() => undefined) }, testInfo, storageState);
  await auditWithoutJs(browser, baseURL!, { name: 'co-assignment, reason too short', open: tooShort }, testInfo, storageState);

  await tooShort(page);
  await expect(page).toHaveTitle(/^Erreur : /);
  const reason = 'Le maire exerce ses pouvoirs de police contre les dépôts sauvages.';
  await page.getByLabel('Motif public').fill(reason);
  await page.getByRole('button', { name: 'Associer la collectivité' }).click();
  await expect(notice(page)).toHaveText('La collectivité travaille maintenant aussi sur ce besoin ; le motif est affiché sur sa page publique.');
  const associated = page.getByRole('list', { name: 'Collectivités associées' });
  await expect(associated).toContainText('Avrillé');
  await expect(associated).toContainText(`motif : ${reason}`);
  expect(
    await sql(baseURL!, `SELECT a.name, c.reason FROM need_co_assignment c JOIN need n ON n.id = c.need_id JOIN authority a ON a.id = c.authority_id WHERE n.reference = $1`, [reference]),
  ).toEqual([{ name: 'Avrillé', reason }]);

  await associated.getByRole('button', { name: 'Retirer Avrillé' }).click();
  await expect(notice(page)).toHaveText('La collectivité ne travaille plus sur ce besoin.');
  await expect(page.getByRole('main')).toContainText('Aucune autre collectivité ne travaille sur ce besoin.');
  expect(await sql(baseURL!, `SELECT count(*)::int AS n FROM need_co_assignment c JOIN need n ON n.id = c.need_id WHERE n.reference = $1`, [reference])).toEqual([{ n: 0 }]);
});

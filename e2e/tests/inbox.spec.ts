// The agents' inbox (issue 5 item 1, H1): an agent of Angers Loire Métropole sees only ALM's needs,
// filters and sorts them, selects three and applies an answer template to all at once (each need's
// public page shows the new status and the answer), and an illegal selection is refused with a report
// naming each failing need while nothing changes. The page is server-only (csr = false): both projects
// take the plain form paths. Needs, the template and the staff role are seeded with SQL on the stack's
// database; every title carries this test's token, searched with the inbox's search box.
import { randomBytes } from 'node:crypto';
import { expect, test, type APIRequestContext, type Page, type TestInfo } from '@playwright/test';
import { auditHydrated, auditWithoutJs, runToken, shownStatus } from '../support/app';
import { logIn, makeAdmin, newPerson, notice, signUpOverHttp } from '../support/people';
import { stackSql as sql } from '../support/sql';

const ALPHABET = '23456789ABCDEFGHJKMNPQRSTVWXYZ';
const ALM = `(SELECT id FROM authority WHERE kind = 'epci' AND code = '244900015')`;
const AVRILLE = `(SELECT id FROM authority WHERE kind = 'commune' AND code = '49015')`;

/** Logs `page` in as a new agent of Angers Loire Métropole (roles are read at log-in). */
async function logInAsAlmAgent(page: Page, request: APIRequestContext, baseURL: string, testInfo: TestInfo) {
  const person = newPerson(testInfo, 'alm');
  await signUpOverHttp(request, baseURL, person);
  await sql(baseURL, `INSERT INTO role_assignment (person_id, role, authority_id) SELECT p.id, 'agent', ${ALM} FROM person p WHERE p.email = $1`, [person.email]);
  await page.goto('/connexion');
  await logIn(page, person);
  await expect(page).toHaveURL(/\/compte$/);
}

interface Seed {
  title: string;
  authority: string;
  status?: string;
  daysAgo: number;
  channel?: string;
  /** Days until the first answer is due (negative: overdue). */
  dueInDays?: number;
}

/** Seeds needs (Angers or Avrillé), each titled "<title> <token>"; returns their references by title. */
async function seedNeeds(baseURL: string, token: string, seeds: Seed[]): Promise<Record<string, string>> {
  const references: Record<string, string> = {};
  for (const seed of seeds) {
    const reference = `B-${[...randomBytes(6)].map((byte) => ALPHABET[byte % ALPHABET.length]).join('')}`;
    await sql(
      baseURL,
      `INSERT INTO need (reference, title, description, category_key, commune_code, status, authority_id, created_at, channel, answer_due_at)
       VALUES ($1, $2, 'Le conteneur déborde chaque semaine et les sacs s''entassent sur le trottoir.', 'waste_collection', '49007', $3,
               ${seed.authority === 'alm' ? ALM : AVRILLE}, now() - make_interval(days => $4), $5,
               CASE WHEN $6::int IS NULL THEN NULL ELSE now() + make_interval(days => $6::int) END)`,
      [reference, `${seed.title} ${token}`, seed.status ?? 'transmitted', seed.daysAgo, seed.channel ?? 'web', seed.dueInDays ?? null],
    );
    references[seed.title] = reference;
  }
  return references;
}

/** The titles of the inbox table, in order, without this test's token. */
async function rows(page: Page, token: string): Promise<string[]> {
  const titles = await page.getByRole('table').getByRole('rowheader').getByRole('link').allTextContents();
  return titles.map((title) => title.replace(` ${token}`, '').trim());
}

test('an ALM agent sees only ALM’s needs, filters and sorts them, and answers three at once with a template', async ({ page, request, browser, baseURL }, testInfo) => {
  const token = runToken(testInfo).toLowerCase();
  const refs = await seedNeeds(baseURL!, token, [
    { title: 'Bac débordé rue Saint-Aubin', authority: 'alm', daysAgo: 4, dueInDays: 20 },
    { title: 'Collecte oubliée', authority: 'alm', daysAgo: 3, dueInDays: -2 },
    { title: 'Verre non ramassé', authority: 'alm', daysAgo: 2, channel: 'guichet', dueInDays: 25 },
    { title: 'Encombrants abandonnés', authority: 'alm', daysAgo: 1, dueInDays: 28 },
    { title: 'Cour d’école à ombrager', authority: 'avrille', daysAgo: 1 },
  ]);
  const templateTitle = `Étude lancée ${token}`;
  const answer = 'Nos services de collecte étudient votre demande et reviennent vers vous sous quinze jours.';
  await sql(baseURL!, `INSERT INTO answer_template (authority_id, title, body, status) VALUES (${ALM}, $1, $2, 'under_study')`, [templateTitle, answer]);
  await logInAsAlmAgent(page, request, baseURL!, testInfo);

  await page.goto('/collectivite');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Boîte de réception : Angers Loire Métropole');
  await expect(page.getByRole('navigation', { name: 'Espace des collectivités' }).getByRole('link', { name: 'Modèles de réponse' })).toHaveAttribute('href', '/collectivite/modeles');
  await page.getByLabel('Rechercher').fill(token);
  await page.getByRole('button', { name: 'Filtrer' }).click();
  // Newest first; Avrillé's need, with the same word, is not ALM's.
  expect(await rows(page, token)).toEqual(['Encombrants abandonnés', 'Verre non ramassé', 'Collecte oubliée', 'Bac débordé rue Saint-Aubin']);
  await expect(page.getByRole('main').getByRole('status').first()).toHaveText('4 besoins correspondant à ces critères. Effacer les filtres');
  await expect(page.getByRole('table')).toHaveAccessibleName('Besoins de la boîte de réception, plus récents d’abord');
  const overdueRow = page.getByRole('row', { name: new RegExp(`Collecte oubliée ${token}`) });
  await expect(overdueRow).toContainText('en retard');

  await page.getByLabel('En retard').check();
  await page.getByRole('button', { name: 'Filtrer' }).click();
  expect(await rows(page, token)).toEqual(['Collecte oubliée']);
  // The CSV export offered here is of exactly this selection: the exports page receives the same filters.
  const exportHref = new URL((await page.getByRole('link', { name: 'Exporter ces besoins (CSV)' }).getAttribute('href'))!, 'http://x');
  expect([exportHref.pathname, exportHref.searchParams.get('q'), exportHref.searchParams.get('retard')]).toEqual(['/collectivite/exports', token, 'oui']);
  await page.getByLabel('En retard').uncheck();
  await page.getByLabel('Canal').selectOption({ label: 'Guichet de mairie' });
  await page.getByRole('button', { name: 'Filtrer' }).click();
  expect(await rows(page, token)).toEqual(['Verre non ramassé']);
  await page.getByLabel('Canal').selectOption({ label: 'Tous les canaux' });
  await page.getByLabel('Trier par').selectOption({ label: 'Échéance la plus proche d’abord' });
  await page.getByRole('button', { name: 'Filtrer' }).click();
  expect(await rows(page, token)).toEqual(['Collecte oubliée', 'Bac débordé rue Saint-Aubin', 'Verre non ramassé', 'Encombrants abandonnés']);
  await page.getByLabel('Trier par').selectOption({ label: 'Plus anciens d’abord' });
  await page.getByRole('button', { name: 'Filtrer' }).click();
  expect(await rows(page, token)).toEqual(['Bac débordé rue Saint-Aubin', 'Collecte oubliée', 'Verre non ramassé', 'Encombrants abandonnés']);
  const inboxUrl = page.url();
  await auditHydrated(page, { name: 'inbox', open: async (p) => void (await p.goto(inboxUrl)) }, testInfo);
  const storageState = await page.context().storageState();
  await auditWithoutJs(browser, baseURL!, { name: 'inbox', open: async (p) => void (await p.goto(inboxUrl)) }, testInfo, storageState);

  // Three needs at once, with the template: the keyboard reaches every checkbox by its label.
  for (const title of ['Bac débordé rue Saint-Aubin', 'Collecte oubliée', 'Verre non ramassé']) await page.getByLabel(`Sélectionner ${refs[title]}`).check();
  await page.getByLabel('Nouveau statut').selectOption({ label: 'en étude' });
  await page.getByLabel('Modèle de réponse').selectOption({ label: `${templateTitle} (en étude)` });
  await page.getByRole('button', { name: 'Appliquer aux besoins sélectionnés' }).click();
  await expect(notice(page)).toHaveText('3 besoins mis à jour.');
  await expect(page).toHaveURL(/tri=anciens/);
  expect(await rows(page, token)).toEqual(['Bac débordé rue Saint-Aubin', 'Collecte oubliée', 'Verre non ramassé', 'Encombrants abandonnés']);
  for (const title of ['Bac débordé rue Saint-Aubin', 'Collecte oubliée', 'Verre non ramassé']) {
    await page.goto(`/besoins/${refs[title]}`);
    await expect(shownStatus(page)).toHaveText('en étude');
    await expect(page.getByRole('main')).toContainText(answer);
  }
  await page.goto(`/besoins/${refs['Encombrants abandonnés']}`);
  await expect(shownStatus(page)).toHaveText('transmis');
});

test('an illegal bulk selection is refused with a report naming each failing need, and nothing changes', async ({ page, request, browser, baseURL }, testInfo) => {
  const token = runToken(testInfo).toLowerCase();
  const refs = await seedNeeds(baseURL!, token, [
    { title: 'Sacs jaunes manquants', authority: 'alm', daysAgo: 3 },
    { title: 'Bac cassé', authority: 'alm', status: 'in_progress', daysAgo: 2 },
    { title: 'Déchetterie fermée', authority: 'alm', status: 'under_study', daysAgo: 1 },
  ]);
  await logInAsAlmAgent(page, request, baseURL!, testInfo);
  const inboxUrl = `/collectivite?q=${encodeURIComponent(token)}`;
  await page.goto(inboxUrl);
  expect(await rows(page, token)).toEqual(['Déchetterie fermée', 'Bac cassé', 'Sacs jaunes manquants']);

  // Nothing selected, no status: the form says so, naming the field.
  await page.getByRole('button', { name: 'Appliquer aux besoins sélectionnés' }).click();
  await expect(page.getByRole('alert')).toContainText('Nouveau statut : Choisissez le nouveau statut.');
  await expect(page.getByRole('alert')).toContainText('Sélectionnez au moins un besoin dans le tableau.');

  // transmis and en étude may not become réalisé directly; en cours may.
  for (const title of ['Sacs jaunes manquants', 'Bac cassé', 'Déchetterie fermée']) await page.getByLabel(`Sélectionner ${refs[title]}`).check();
  await page.getByLabel('Nouveau statut').selectOption({ label: 'réalisé' });
  await page.getByLabel('Réponse officielle').fill('Le nécessaire a été fait par nos équipes de collecte.');
  await page.getByRole('button', { name: 'Appliquer aux besoins sélectionnés' }).click();
  const report = page.getByRole('alert');
  await expect(report.getByRole('heading')).toHaveText('Aucun besoin n’a été modifié');
  await expect(report).toContainText('Aucun besoin n’a été modifié : corrigez la sélection puis recommencez.');
  await expect(report).toContainText(`Le besoin ${refs['Sacs jaunes manquants']} est « transmis » : il ne peut pas passer à « réalisé ».`);
  await expect(report).toContainText(`Le besoin ${refs['Déchetterie fermée']} est « en étude » : il ne peut pas passer à « réalisé ».`);
  await expect(report).not.toContainText(refs['Bac cassé']!);
  // The same list, the selection and the answer kept for a second try.
  expect(await rows(page, token)).toEqual(['Déchetterie fermée', 'Bac cassé', 'Sacs jaunes manquants']);
  await expect(page.getByLabel(`Sélectionner ${refs['Bac cassé']}`)).toBeChecked();
  await expect(page.getByLabel('Réponse officielle')).toHaveValue('Le nécessaire a été fait par nos équipes de collecte.');
  expect(await sql(baseURL!, `SELECT status FROM need WHERE reference = ANY($1) ORDER BY created_at`, [Object.values(refs)])).toEqual([
    { status: 'transmitted' },
    { status: 'in_progress' },
    { status: 'under_study' },
  ]);
  await auditHydrated(page, { name: 'inbox-report', open: async () => undefined }, testInfo);
  const storageState = await page.context().storageState();
  await auditWithoutJs(
    browser,
    baseURL!,
    {
      name: 'inbox-report',
      open: async (p) => {
        await p.goto(inboxUrl);
        await p.getByLabel(`Sélectionner ${refs['Sacs jaunes manquants']}`).check();
        await p.getByLabel('Nouveau statut').selectOption({ label: 'réalisé' });
        await p.getByRole('button', { name: 'Appliquer aux besoins sélectionnés' }).click();
        await expect(p.getByRole('alert')).toContainText(refs['Sacs jaunes manquants']!);
      },
    },
    testInfo,
    storageState,
  );
});

test('"Suivants" pages through the inbox by keyset, keeping the search and the sort', async ({ page, request, baseURL }, testInfo) => {
  const token = runToken(testInfo).toLowerCase();
  // 27 needs of ALM, one a day: « Dépôt sauvage n°1 » is the oldest.
  await sql(
    baseURL!,
    `INSERT INTO need (reference, title, description, category_key, commune_code, status, authority_id, created_at)
     SELECT 'B-' || string_agg(substr('23456789ABCDEFGHJKMNPQRSTVWXYZ', 1 + floor(random() * 30)::int, 1), ''), 'Dépôt sauvage n°' || i || ' ' || $1,
            'Des sacs et des gravats sont déposés au pied des conteneurs chaque semaine.', 'waste_collection', '49007', 'transmitted', ${ALM},
            now() - make_interval(days => 40 - i)
       FROM generate_series(1, 27) AS i, generate_series(1, 6) AS c GROUP BY i`,
    [token],
  );
  await logInAsAlmAgent(page, request, baseURL!, testInfo);
  await page.goto(`/collectivite?q=${encodeURIComponent(token)}&tri=anciens`);
  await expect(page.getByRole('main').getByRole('status').first()).toHaveText('27 besoins correspondant à ces critères. Effacer les filtres');
  const first = await rows(page, token);
  expect(first).toHaveLength(25);
  expect(first.slice(0, 2)).toEqual(['Dépôt sauvage n°1', 'Dépôt sauvage n°2']);
  await page.getByRole('navigation', { name: 'Pagination' }).getByRole('link', { name: 'Suivants' }).click();
  expect(await rows(page, token)).toEqual(['Dépôt sauvage n°26', 'Dépôt sauvage n°27']);
  await expect(page).toHaveURL(/tri=anciens/);
  await expect(page.getByRole('navigation', { name: 'Pagination' }).getByRole('link', { name: 'Suivants' })).toHaveCount(0);
  await page.getByRole('link', { name: 'Première page' }).click();
  expect((await rows(page, token)).slice(0, 1)).toEqual(['Dépôt sauvage n°1']);
});

test('an admin chooses the authority whose inbox to open; the back-office menu adds the journal and the routing rules', async ({ page, request, baseURL }, testInfo) => {
  const token = runToken(testInfo).toLowerCase();
  await seedNeeds(baseURL!, token, [{ title: 'Colonne à verre pleine', authority: 'avrille', daysAgo: 1 }]);
  const admin = newPerson(testInfo, 'adm');
  await makeAdmin(request, baseURL!, admin);
  await page.goto('/connexion');
  await logIn(page, admin);
  await expect(page).toHaveURL(/\/compte$/);
  await page.goto('/collectivite');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Boîte de réception');
  await expect(page.getByRole('main')).toContainText('Choisissez une collectivité pour afficher sa boîte de réception.');
  const menu = page.getByRole('navigation', { name: 'Espace des collectivités' });
  await expect(menu.getByRole('link', { name: 'Journal' })).toHaveAttribute('href', '/admin/journal');
  await expect(menu.getByRole('link', { name: 'Routage' })).toHaveAttribute('href', '/admin/routage');
  await page.getByLabel('Collectivité', { exact: true }).selectOption({ label: 'Avrillé' });
  await page.getByRole('button', { name: 'Afficher' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Boîte de réception : Avrillé');
  await page.getByLabel('Rechercher').fill(token);
  await page.getByRole('button', { name: 'Filtrer' }).click();
  // The search keeps the chosen authority.
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Boîte de réception : Avrillé');
  expect(await rows(page, token)).toEqual(['Colonne à verre pleine']);
});

// Needs, issue 4 (needs-core): the three-step form (write → compare → preview → publish) with structured
// fields and a photo, drafts, the author's edit and withdrawal, the list's filters and sorts, and axe on
// each new page and step. Both projects (`js`, `nojs`), logged in as the worker's resident.
import { expect, type Browser, type Page, type TestInfo } from '@playwright/test';
import sharp from 'sharp';
import {
  auditHydrated,
  auditWithoutJs,
  COMMUNES,
  continueNeedForm,
  fillNeedForm,
  jsEnabled,
  REFERENCE_PATH,
  runToken,
  submitNeedOverHttp,
  type AuditTarget,
} from '../support/app';
import { residentTest as test, type Resident } from '../support/fixtures';

const DESCRIPTION = "Il n'y a aucun banc à l'arrêt de bus devant la mairie : les personnes âgées attendent debout.";

async function audit(browser: Browser, baseURL: string, resident: Resident, target: AuditTarget, testInfo: TestInfo): Promise<void> {
  if (!jsEnabled(testInfo)) return auditWithoutJs(browser, baseURL, target, testInfo, resident.storageState);
  const context = await browser.newContext({ baseURL, javaScriptEnabled: true, storageState: resident.storageState as never });
  try {
    await auditHydrated(await context.newPage(), target, testInfo);
  } finally {
    await context.close();
  }
}

/** The value of one fact of a description list: the dd after the dt named `name`. */
function fact(scope: Page | ReturnType<Page['locator']>, name: string) {
  return scope.locator('dl.facts dt', { hasText: new RegExp(`^${name}$`) }).locator('xpath=following-sibling::dd[1]');
}

async function openForm(page: Page, js: boolean): Promise<void> {
  await page.goto('/besoins/nouveau');
  if (js) await expect(page.locator('form.need')).toHaveAttribute('data-enhanced', 'true');
}

/** A JPEG carrying EXIF (camera make, orientation): the server re-encodes it without metadata. */
function photo(): Promise<Buffer> {
  return sharp({ create: { width: 120, height: 90, channels: 3, background: '#7a5' } }).jpeg().withMetadata({ orientation: 6 }).withExifMerge({ IFD0: { Make: 'TestCam' } }).toBuffer();
}

async function fillStructured(page: Page, token: string): Promise<void> {
  await page.getByLabel('Une idée : Vous proposez un nouveau service.').check();
  await fillNeedForm(page, { title: `Un banc à l'arrêt Mairie ${token}`, description: DESCRIPTION, category: 'Transports en commun, vélo, covoiturage', commune: COMMUNES.avrille.code });
  await page.getByLabel('Personnes âgées').check();
  await page.getByLabel('Personnes en situation de handicap').check();
  await page.getByLabel('Fréquence (facultatif)').selectOption({ label: 'Tous les jours' });
  await page.getByLabel('Nombre de personnes concernées (facultatif)').selectOption({ label: 'De 10 à 100 personnes' });
}

test('write → compare → preview → publish, with structured fields and a photo; then edit and withdraw', async ({ page, baseURL, residentRequest, resident, browser }, testInfo) => {
  test.setTimeout(120_000);
  const js = jsEnabled(testInfo);
  const token = runToken(testInfo);
  // An existing need that looks alike (same commune): the compare step shows it.
  const similar = await submitNeedOverHttp(residentRequest, baseURL!, {
    title: `Banc manquant arrêt Mairie ${token}`,
    description: 'Pas de banc à cet arrêt de bus très fréquenté, près de la mairie.',
    categoryKey: 'public_transport_cycling',
    communeCode: COMMUNES.avrille.code,
  });

  await openForm(page, js);
  await expect(page.getByRole('main').getByText("En cas d'urgence, appelez le 112.")).toBeVisible();
  await expect(page.getByRole('link', { name: "trouvez ses coordonnées sur l'Annuaire de l'administration" })).toHaveAttribute('href', 'https://lannuaire.service-public.fr/');
  await fillStructured(page, token);
  await page.locator('#photo1').setInputFiles({ name: 'arret.jpg', mimeType: 'image/jpeg', buffer: await photo() });
  await page.getByLabel('Ce que montre la photo 1').fill("L'arrêt de bus sans banc, vu du trottoir");
  await continueNeedForm(page);

  // Compare: the similar need, with "C'est mon besoin aussi" posting to its support action.
  await expect(page.getByRole('heading', { name: 'Des besoins semblables existent déjà' })).toBeVisible();
  await expect(page.getByRole('link', { name: `Banc manquant arrêt Mairie ${token}` })).toHaveAttribute('href', `/besoins/${similar}`);
  await expect(page.getByRole('button', { name: `C'est mon besoin aussi : Banc manquant arrêt Mairie ${token}` })).toHaveAttribute('formaction', `/besoins/${similar}/soutenir`);
  await audit(browser, baseURL!, resident, { name: 'form-compare', open: async (p) => {
    await openForm(p, js);
    await fillStructured(p, token);
    await continueNeedForm(p);
    await expect(p.getByRole('heading', { name: 'Des besoins semblables existent déjà' })).toBeVisible();
  } }, testInfo);
  await page.getByRole('button', { name: "Ce n'est pas le même besoin : continuer" }).click();

  // Preview: every value as it will be published.
  const preview = page.getByRole('region', { name: 'Aperçu' });
  await expect(preview.getByRole('heading', { level: 3 })).toHaveText(`Un banc à l'arrêt Mairie ${token}`);
  await expect(fact(preview, 'Type')).toHaveText('idée');
  await expect(fact(preview, 'Personnes concernées')).toHaveText('Personnes âgées, Personnes en situation de handicap');
  await expect(fact(preview, 'Fréquence')).toHaveText('Tous les jours');
  await expect(fact(preview, 'Commune')).toHaveText('Avrillé');
  await expect(preview).toContainText("Photo 1 : L'arrêt de bus sans banc, vu du trottoir");
  await page.getByRole('button', { name: 'Publier', exact: true }).click();

  await expect(page).toHaveURL(REFERENCE_PATH);
  const reference = REFERENCE_PATH.exec(new URL(page.url()).pathname)![1]!;
  const facts = page.locator('dl.facts');
  await expect(fact(page, 'Type')).toHaveText('idée');
  await expect(fact(page, 'Nombre de personnes')).toHaveText('De 10 à 100 personnes');
  await expect(fact(page, 'Déposé par')).toHaveText(resident.pseudonym);

  // The photo has its own page (never inlined on the need page), re-encoded to WebP.
  await expect(page.locator('main img')).toHaveCount(0);
  await page.getByRole('link', { name: "Photo 1 : L'arrêt de bus sans banc, vu du trottoir" }).click();
  await expect(page).toHaveURL(`/besoins/${reference}/photos/1`);
  const image = page.getByRole('img', { name: "L'arrêt de bus sans banc, vu du trottoir" });
  await expect(image).toBeVisible();
  const served = await page.request.get(`/besoins/${reference}/photos/1/image`);
  expect(served.headers()['content-type']).toBe('image/webp');
  const meta = await sharp(await served.body()).metadata();
  expect({ format: meta.format, exif: meta.exif, width: meta.width, height: meta.height }).toEqual({ format: 'webp', exif: undefined, width: 90, height: 120 });
  await audit(browser, baseURL!, resident, { name: 'photo-page', open: async (p) => void (await p.goto(`/besoins/${reference}/photos/1`)) }, testInfo);

  // Edit: "modifié le" appears.
  await page.goto(`/besoins/${reference}`);
  await page.getByRole('link', { name: 'Modifier ce besoin' }).click();
  await audit(browser, baseURL!, resident, { name: 'need-edit', open: async (p) => void (await p.goto(`/besoins/${reference}/modifier`)) }, testInfo);
  await page.getByLabel('Titre').fill(`Un banc et un abri à l'arrêt Mairie ${token}`);
  await page.getByRole('button', { name: 'Publier les modifications' }).click();
  await expect(page).toHaveURL(`/besoins/${reference}`);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(`Un banc et un abri à l'arrêt Mairie ${token}`);
  await expect(facts).toContainText('modifié le');

  // Withdraw, with a reason: public, "retiré par son auteur".
  await page.getByRole('link', { name: 'Retirer ce besoin' }).click();
  await audit(browser, baseURL!, resident, { name: 'need-withdraw', open: async (p) => void (await p.goto(`/besoins/${reference}/retirer`)) }, testInfo);
  await page.getByLabel('Raison (facultatif)').fill('Un autre habitant a déjà signalé le même besoin.');
  await page.getByRole('button', { name: 'Retirer ce besoin' }).click();
  await expect(page).toHaveURL(`/besoins/${reference}`);
  await expect(page.locator('dl.facts .status')).toHaveText('retiré par son auteur');
  await expect(page.getByText('Retiré par son auteur : Un autre habitant a déjà signalé le même besoin.').first()).toBeVisible();
  await expect(page.getByRole('link', { name: 'Modifier ce besoin' })).toHaveCount(0);
});

test('drafts: saved, listed in "Mes besoins", reopened with their values, deleted', async ({ page, baseURL, resident, browser }, testInfo) => {
  const js = jsEnabled(testInfo);
  const title = `Brouillon piste cyclable ${runToken(testInfo)}`;
  await openForm(page, js);
  await page.getByLabel('Titre').fill(title);
  await page.getByLabel('Familles').check();
  await page.getByRole('button', { name: 'Enregistrer le brouillon' }).click();
  await expect(page).toHaveURL('/mes-besoins');
  await expect(page.getByText('Votre brouillon est enregistré.')).toBeVisible();
  await audit(browser, baseURL!, resident, { name: 'mes-besoins', open: async (p) => void (await p.goto('/mes-besoins')) }, testInfo);

  await page.getByRole('link', { name: title }).click();
  await expect(page.getByLabel('Titre')).toHaveValue(title);
  await expect(page.getByLabel('Familles')).toBeChecked();
  await page.goto('/mes-besoins');
  await page.getByRole('button', { name: `Supprimer le brouillon « ${title} »` }).click();
  await expect(page.getByText('Le brouillon est supprimé.')).toBeVisible();
  await expect(page.getByRole('link', { name: title })).toHaveCount(0);
});

test('the list: search, type, EPCI filters and sorts, kept by the form', async ({ page, baseURL, residentRequest, resident, browser }, testInfo) => {
  const token = runToken(testInfo).toLowerCase();
  const word = `girafe${token.replace(/[^a-z]/g, '')}`;
  await submitNeedOverHttp(residentRequest, baseURL!, { title: `Parc ${word} à Tiercé`, description: `Un parc pour les enfants, ${word}, près de l'école de Tiercé.`, categoryKey: 'parks_playgrounds_trees', communeCode: COMMUNES.tierce.code });
  await submitNeedOverHttp(residentRequest, baseURL!, { title: `Parc ${word} à Avrillé`, description: `Un parc pour les enfants, ${word}, près de l'école d'Avrillé.`, categoryKey: 'parks_playgrounds_trees', communeCode: COMMUNES.avrille.code });

  await page.goto('/besoins');
  const form = page.getByRole('search', { name: 'Filtrer les besoins' });
  await form.getByLabel('Rechercher').fill(word);
  await form.getByLabel('Intercommunalité').selectOption({ label: 'Angers Loire Métropole' });
  await form.getByLabel('Trier par').selectOption({ label: 'Les plus soutenus' });
  await form.getByRole('button', { name: 'Filtrer' }).click();
  await expect(page).toHaveURL(new RegExp(`q=${word}.*epci=244900015.*tri=most_supported`));
  await expect(page.locator('ol.needs li')).toHaveCount(1);
  await expect(page.locator('ol.needs')).toContainText(`Parc ${word} à Avrillé`);
  await expect(page.getByRole('status')).toContainText('1 besoin correspondant à ces critères, des plus soutenus aux moins soutenus.');
  await expect(form.getByLabel('Rechercher')).toHaveValue(word);

  await page.goto(`/besoins?q=${word}&type=idee`);
  await expect(page.locator('ol.needs li')).toHaveCount(0);
  await page.goto(`/besoins?q=${word}&type=besoin`);
  await expect(page.locator('ol.needs li')).toHaveCount(2);
  await audit(browser, baseURL!, resident, { name: 'besoins-search', open: async (p) => void (await p.goto(`/besoins?q=${word}&epci=244900015&tri=recently_answered&reponse=attendue`)) }, testInfo);
});

test('address search: the geocoder cannot be reached from the test stack, the form says so and keeps working', async ({ page }, testInfo) => {
  const js = jsEnabled(testInfo);
  await openForm(page, js);
  await page.getByLabel('Titre').fill('Nid-de-poule rue des Lices');
  await page.getByLabel('Adresse (facultatif)').fill('12 rue des Lices Angers');
  await page.getByRole('button', { name: "Rechercher l'adresse" }).click();
  await expect(page.getByText("La recherche d'adresse ne répond pas pour le moment : choisissez la commune dans la liste (l'adresse est facultative).")).toBeVisible();
  await expect(page.getByLabel('Titre')).toHaveValue('Nid-de-poule rue des Lices');
  await expect(page.getByLabel('Adresse (facultatif)')).toHaveValue('12 rue des Lices Angers');
  await expect(page.getByRole('main').getByRole('link', { name: 'Mes besoins', exact: true })).toHaveAttribute('href', '/mes-besoins');
  // Logged in, the header links to them too.
  await expect(page.getByRole('banner').getByRole('link', { name: 'Mes besoins', exact: true })).toHaveAttribute('href', '/mes-besoins');
});

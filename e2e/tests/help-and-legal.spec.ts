// Where to get help and the required pages (issue 6 items 6 and 7): /aide with its commune filter (a
// plain GET form), the admins' page of help places (/admin/aide: a schema error names the field), the
// legal pages, the RGAA accessibility statement and its multi-year plan, all linked from the footer.
// Both projects (JavaScript on and off); axe on every page; 320 px wide and 200 % text; keyboard only.
import { expect, type Browser, type Page, type TestInfo } from '@playwright/test';
import { auditHydrated, auditWithoutJs, jsEnabled, runToken } from '../support/app';
import { test } from '../support/fixtures';
import { logIn, makeAdmin, newPerson, notice } from '../support/people';

const PAGES = [
  { path: '/aide', h1: "Où trouver de l'aide ?" },
  { path: '/aide?commune=49015', h1: "Où trouver de l'aide ?" },
  { path: '/mentions-legales', h1: 'Mentions légales' },
  { path: '/conditions-d-utilisation', h1: "Conditions d'utilisation" },
  { path: '/plan-du-site', h1: 'Plan du site' },
  { path: '/accessibilite', h1: "Déclaration d'accessibilité" },
  { path: '/accessibilite/schema-pluriannuel', h1: 'Schéma pluriannuel de mise en accessibilité 2026-2028' },
];

const FOOTER_LINKS = [
  ["Besoin d'aide ? Où trouver de l'aide", '/aide'],
  ['Accessibilité : partiellement conforme', '/accessibilite'],
  ["Schéma d'accessibilité", '/accessibilite/schema-pluriannuel'],
  ['Plan du site', '/plan-du-site'],
  ['Mentions légales', '/mentions-legales'],
  ["Conditions d'utilisation", '/conditions-d-utilisation'],
] as const;

async function audit(page: Page, browser: Browser, baseURL: string, testInfo: TestInfo, name: string, url: string) {
  const target = { name, open: (p: Page) => p.goto(url).then(() => undefined) };
  if (jsEnabled(testInfo)) await auditHydrated(page, target, testInfo);
  else await auditWithoutJs(browser, baseURL, target, testInfo, (await page.context().storageState()) as never);
}

test('every help and legal page passes axe and is linked from the footer of every page', async ({ page, browser, baseURL }, testInfo) => {
  for (const { path, h1 } of PAGES) {
    await page.goto(path);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(h1);
    await audit(page, browser, baseURL!, testInfo, path, path);
  }
  // The footer of the home page, the need form and a legal page: the same links.
  for (const path of ['/', '/besoins/nouveau', '/mentions-legales']) {
    await page.goto(path);
    const footer = page.getByRole('contentinfo');
    for (const [name, href] of FOOTER_LINKS) await expect(footer.getByRole('link', { name, exact: true }), `${name} on ${path}`).toHaveAttribute('href', href);
  }
  // The home page states the accessibility conformity.
  await page.goto('/');
  await expect(page.getByRole('link', { name: 'Accessibilité : partiellement conforme' })).toBeVisible();

  // The statement in the RGAA format.
  await page.goto('/accessibilite');
  const main = page.getByRole('main');
  for (const heading of ['État de conformité', 'Résultats des tests', 'Contenus non accessibles', 'Non-conformités connues', 'Dérogations pour charge disproportionnée', 'Établissement de cette déclaration', 'Technologies utilisées', 'Environnement de test', 'Pages vérifiées', "Retour d'information et contact", 'Voies de recours']) {
    await expect(main.getByRole('heading', { name: heading, exact: true })).toBeVisible();
  }
  await expect(main).toContainText('partiellement conforme');
  await expect(main).toContainText('Défenseur des droits');
  await expect(main.getByRole('link', { name: 'schéma pluriannuel de mise en accessibilité' })).toHaveAttribute('href', '/accessibilite/schema-pluriannuel');

  // The site map: a second way to every public page and to the resident and staff entry points.
  await page.goto('/plan-du-site');
  for (const href of ['/', '/besoins/nouveau', '/besoins', '/collectivites', '/aide', '/connexion', '/inscription', '/mes-besoins', '/compte', '/collectivite', '/moderation', '/admin', '/accessibilite', '/accessibilite/schema-pluriannuel', '/mentions-legales', '/conditions-d-utilisation']) {
    await expect(page.getByRole('main').locator(`a[href="${href}"]`), href).toHaveCount(1);
  }
});

test('/aide filters the places by commune with a plain form: the commune first, then its intercommunality', async ({ page }) => {
  await page.goto('/aide');
  await expect(page.getByRole('heading', { name: 'Tous les lieux' })).toBeVisible();
  await expect(page.getByRole('heading', { level: 3, name: /France services Angers/ })).toBeVisible();

  await page.getByLabel('Votre commune').selectOption({ label: 'Tiercé' });
  await page.getByRole('button', { name: 'Afficher les lieux' }).click();
  await expect(page).toHaveURL(/\/aide\?commune=49347$/);
  await expect(page).toHaveTitle(/^Où trouver de l'aide à Tiercé/);
  await expect(page.getByLabel('Votre commune')).toHaveValue('49347');
  await expect(page.getByRole('heading', { level: 2, name: 'À Tiercé' })).toBeVisible();
  const here = page.locator('article', { has: page.getByRole('heading', { name: /Médiathèque de Tiercé/ }) });
  await expect(here).toContainText('Adresse : 8 rue de l’Exemple, 49125 Tiercé');
  await expect(here.getByRole('link', { name: '02 61 91 00 03' })).toHaveAttribute('href', 'tel:0261910003');
  await expect(here.getByRole('listitem')).toHaveText(['Mercredi : de 14 h à 18 h.', 'Samedi : de 10 h à 12 h 30.', 'Fermé le lundi, mardi, jeudi, vendredi et dimanche.']);
  await expect(here).toContainText('On peut vous aider pour : Accès internet et matériel informatique ; Maîtrise des outils numériques du quotidien.');
  // Nearby: the rest of Anjou Loir et Sarthe; nothing from Angers Loire Métropole.
  await expect(page.getByRole('heading', { level: 2, name: 'Près de Tiercé' })).toBeVisible();
  await expect(page.getByRole('heading', { level: 3, name: /Seiches-sur-le-Loir/ })).toBeVisible();
  await expect(page.getByRole('heading', { level: 3, name: /France services Angers/ })).toHaveCount(0);
  await expect(page.getByRole('main')).toContainText('Leurs adresses et numéros ne sont pas réels.');
});

test('an admin adds a help place: invalid opening hours name the field, valid ones show on /aide in plain French', async ({ page, browser, request, baseURL }, testInfo) => {
  test.setTimeout(120_000);
  const admin = newPerson(testInfo, 'aide');
  await makeAdmin(request, baseURL!, admin);
  await page.goto('/connexion');
  await logIn(page, admin);
  await expect(page).toHaveURL(/\/compte$/);

  await page.goto('/admin');
  await page.getByRole('link', { name: 'Lieux d’aide au numérique' }).click();
  await expect(page).toHaveURL(/\/admin\/aide$/);
  await audit(page, browser, baseURL!, testInfo, 'admin help places', '/admin/aide');
  const name = `Point numérique ${runToken(testInfo)}${Math.random().toString(36).slice(2, 5)}`;
  await page.getByLabel('Nom du lieu').fill(name);
  await page.getByLabel('Adresse (numéro et voie)').fill('2 rue des Essais');
  await page.getByLabel('Code postal').fill('49460');
  await page.getByLabel('Commune', { exact: true }).selectOption({ label: 'Montreuil-Juigné' });
  await page.getByLabel('Téléphone (facultatif)').fill('02 61 91 00 42');
  await page.getByLabel('Horaires d’ouverture (facultatif)').fill('lundi 9h-12h');
  await page.getByRole('group', { name: 'Services' }).getByLabel('Aide aux démarches administratives').check();
  await page.getByRole('group', { name: 'Frais (facultatif)' }).getByLabel('Gratuit', { exact: true }).check();
  await page.getByRole('button', { name: 'Ajouter le lieu' }).click();

  const summary = page.getByRole('alert');
  await expect(summary.getByRole('heading')).toHaveText('Le formulaire contient 1 erreur');
  await expect(summary.getByRole('link', { name: /^Horaires d’ouverture : Horaires au format OpenStreetMap à corriger/ })).toHaveAttribute('href', '#openingHours');
  await expect(page.getByLabel('Horaires d’ouverture (facultatif)')).toHaveAttribute('aria-invalid', 'true');
  await expect(page.getByLabel('Horaires d’ouverture (facultatif)')).toHaveValue('lundi 9h-12h');
  await expect(page.getByLabel('Nom du lieu')).toHaveValue(name);

  // Fix the hours: the form kept every other value.
  await page.getByLabel('Horaires d’ouverture (facultatif)').fill('Tu,Fr 09:00-12:00; PH off');
  await page.getByRole('button', { name: 'Ajouter le lieu' }).click();
  await expect(page).toHaveURL(/\/admin\/aide$/);
  await expect(notice(page)).toHaveText('Le lieu d’aide est enregistré. Il apparaît sur la page « Où trouver de l’aide ».');
  await expect(page.getByRole('row', { name: new RegExp(name) })).toContainText('Tu,Fr 09:00-12:00; PH off');

  await page.goto('/aide?commune=49214');
  const place = page.locator('article', { has: page.getByRole('heading', { name }) });
  await expect(place).toContainText('Adresse : 2 rue des Essais, 49460 Montreuil-Juigné');
  await expect(place.getByRole('listitem')).toHaveText(['Mardi : de 9 h à 12 h.', 'Vendredi : de 9 h à 12 h.', 'Fermé le lundi, mercredi, jeudi, samedi et dimanche.', 'Fermé les jours fériés.']);
  await expect(place).toContainText('Accueil : Gratuit.');
  await expect(place.getByRole('heading', { name })).not.toContainText('exemple');

  // Published as open data in the La MedNum/ANCT schema; the example places are not.
  const openData = await request.get('/aide/lieux-de-mediation-numerique.json');
  expect(openData.status()).toBe(200);
  const rows = (await openData.json()) as Array<Record<string, unknown>>;
  expect(rows.find((row) => row.nom === name)).toMatchObject({ adresse: '2 rue des Essais', code_postal: '49460', commune: 'Montreuil-Juigné', code_insee: '49214', horaires: 'Tu,Fr 09:00-12:00; PH off', services: 'Aide aux démarches administratives', frais_a_charge: 'Gratuit', telephone: '02 61 91 00 42' });
  expect(rows.some((row) => row.nom === 'France services Angers')).toBe(false);

  // Deleted, it leaves /aide.
  await page.goto('/admin/aide');
  await page.getByRole('button', { name: `Supprimer ${name}` }).click();
  await expect(notice(page)).toHaveText('Le lieu d’aide est supprimé.');
  await page.goto('/aide?commune=49214');
  await expect(page.getByRole('heading', { name })).toHaveCount(0);
});

test('320 px wide and text at 200 %: no horizontal scrolling, nothing lost', async ({ page }) => {
  const noSideways = () => page.evaluate(() => document.documentElement.scrollWidth <= document.documentElement.clientWidth);
  for (const { path, h1 } of PAGES) {
    await page.setViewportSize({ width: 320, height: 640 });
    await page.goto(path);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(h1);
    expect(await noSideways(), `${path} at 320 px`).toBe(true);
    await expect(page.getByRole('contentinfo').getByRole('link', { name: 'Plan du site' })).toBeVisible();

    // Text at 200 %, on a 1280 px screen.
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.goto(path);
    const before = await page.getByRole('main').innerText();
    // The browser's own text size setting (Chromium's default font size, 16 px → 32 px); the CSS is in rem.
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Page.setFontSizes', { fontSizes: { standard: 32, fixed: 26 } });
    expect(await page.evaluate(() => getComputedStyle(document.querySelector('h1')!).fontSize), `${path} h1 at 200 %`).toBe('56px');
    expect(await noSideways(), `${path} at 200 %`).toBe(true);
    expect(await page.getByRole('main').innerText()).toBe(before);
  }
  // The filter still works on a narrow screen.
  await page.setViewportSize({ width: 320, height: 640 });
  await page.goto('/aide');
  await page.getByLabel('Votre commune').selectOption({ label: 'Avrillé' });
  await page.getByRole('button', { name: 'Afficher les lieux' }).click();
  await expect(page.getByRole('heading', { level: 3, name: /CCAS d’Avrillé/ })).toBeVisible();
  expect(await noSideways()).toBe(true);
});

test('keyboard only: Tab reaches every footer link, each with a visible focus', async ({ page }) => {
  await page.goto('/aide');
  const seen = new Set<string>();
  for (let i = 0; i < 150 && !FOOTER_LINKS.every(([name]) => seen.has(name)); i++) {
    await page.keyboard.press('Tab');
    const focused = await page.evaluate(() => {
      const element = document.activeElement as HTMLElement | null;
      if (!element || !element.closest('footer')) return null;
      const style = getComputedStyle(element);
      return { text: element.textContent?.trim() ?? '', outline: `${style.outlineStyle} ${style.outlineWidth}`, shadow: style.boxShadow };
    });
    if (!focused) continue;
    expect(focused.outline, `focus outline of ${focused.text}`).toBe('solid 3px');
    expect(focused.shadow, `focus ring of ${focused.text}`).not.toBe('none');
    seen.add(focused.text);
  }
  for (const [name] of FOOTER_LINKS) expect(seen.has(name), `${name} reached with Tab`).toBe(true);
  // Enter follows the focused link.
  await page.getByRole('contentinfo').getByRole('link', { name: 'Plan du site' }).focus();
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(/\/plan-du-site$/);
});

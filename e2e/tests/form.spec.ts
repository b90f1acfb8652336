// The need form: choosing a commune (plain select; search with JS) and validation errors.
import { expect, type Page } from '@playwright/test';
import { COMMUNES, continueNeedForm, fillNeedForm, jsEnabled, publishNeedForm, shownStatus, waitUntilRouted } from '../support/app';
// Logged in as a resident: the form has its four fields (without an account it also asks for an email).
import { residentTest as test } from '../support/fixtures';

const SEARCH_LABEL = 'Rechercher votre commune (nom, commune déléguée ou code postal)';
const EPCIS = ['Angers Loire Métropole', 'Communauté de communes Anjou Loir et Sarthe', 'Communauté de communes Loire Layon Aubance'];

/** Names of the communes the commune select offers (its options without the placeholder). */
async function offeredCommunes(page: Page): Promise<string[]> {
  const labels = await page.locator('#communeCode option:not([value=""])').allTextContents();
  return labels.map((l) => l.replace(/\s*\(.*\)\s*$/, '').trim());
}

async function openForm(page: Page, js: boolean): Promise<void> {
  await page.goto('/besoins/nouveau');
  if (js) await expect(page.locator('form.need')).toHaveAttribute('data-enhanced', 'true');
}

test('the commune select offers the 65 communes, grouped by EPCI', async ({ page }, testInfo) => {
  await openForm(page, jsEnabled(testInfo));
  const select = page.getByLabel('Commune', { exact: true });
  await expect(select).toHaveValue('');
  await expect(select.locator('optgroup')).toHaveCount(3);
  expect(await select.locator('optgroup').evaluateAll((groups) => groups.map((g) => g.getAttribute('label')))).toEqual(EPCIS);
  await expect(select.locator('optgroup option')).toHaveCount(65);
  await expect(select.locator('optgroup[label="Angers Loire Métropole"] option')).toHaveCount(29);
  await expect(select.locator('optgroup[label="Communauté de communes Anjou Loir et Sarthe"] option')).toHaveCount(17);
  await expect(select.locator('optgroup[label="Communauté de communes Loire Layon Aubance"] option')).toHaveCount(19);
  // Options carry the INSEE code and show the postcodes.
  await expect(select.locator(`option[value="${COMMUNES.tierce.code}"]`)).toHaveText('Tiercé (49125)');
  if (!jsEnabled(testInfo)) await expect(page.getByLabel(SEARCH_LABEL)).toHaveCount(0);
});

test.describe('commune search @js-only', () => {
  test('a postcode shared by two EPCIs leaves its three communes to choose from', async ({ page }) => {
    await openForm(page, true);
    const search = page.getByLabel(SEARCH_LABEL);
    await search.pressSequentially('49125');
    await expect.poll(() => offeredCommunes(page)).toEqual(['Briollay', 'Cheffes', 'Tiercé']);
    // Several matches: nothing is chosen for the resident; the live region says how many match.
    await expect(page.getByLabel('Commune', { exact: true })).toHaveValue('');
    await expect(page.locator('#commune-search-status')).toHaveText('3 communes correspondent');
    // Briollay belongs to Angers Loire Métropole, the two others to Anjou Loir et Sarthe.
    await expect(page.locator('#communeCode optgroup[label="Angers Loire Métropole"] option')).toHaveText([/^Briollay/]);
    await page.getByLabel('Commune', { exact: true }).selectOption(COMMUNES.cheffes.code);
    await expect(page.getByLabel('Commune', { exact: true })).toHaveValue(COMMUNES.cheffes.code);
  });

  test('a commune déléguée (Bauné) selects its commune (Loire-Authion), which the need is filed under', async ({ page }) => {
    await openForm(page, true);
    await page.getByLabel(SEARCH_LABEL).pressSequentially('Bauné');
    await expect.poll(() => offeredCommunes(page)).toEqual(['Loire-Authion']);
    await expect(page.getByLabel('Commune', { exact: true })).toHaveValue(COMMUNES.loireAuthion.code);
    await expect(page.locator('#commune-search-status')).toHaveText('1 commune correspond : Loire-Authion, sélectionnée');

    await fillNeedForm(page, {
      title: 'Banc cassé place de Bauné',
      description: "Le banc de la place de l'église de Bauné est cassé depuis la tempête de la semaine dernière.",
      category: 'Équipements sportifs et culturels, associations',
    });
    await publishNeedForm(page);
    await expect(page).toHaveURL(/\/besoins\/B-/);
    await expect(page.locator('dl.facts')).toContainText('Loire-Authion');
    await waitUntilRouted(page, true);
    await expect(shownStatus(page)).toHaveText('transmis');
  });
});

test.describe('validation errors', () => {
  test('an empty form: error summary linking to each field, fields marked invalid', async ({ page }, testInfo) => {
    const js = jsEnabled(testInfo);
    await openForm(page, js);
    await continueNeedForm(page);

    const summary = page.getByRole('alert');
    await expect(summary).toBeVisible();
    await expect(summary).toHaveAccessibleName('Le formulaire contient 4 erreurs');
    await expect(page).toHaveTitle(/^Erreur : Signaler un besoin/);
    // The summary comes first: right after the h1.
    await expect(page.locator('h1 + .error-summary')).toHaveCount(1);
    const links = summary.getByRole('link');
    await expect(links).toHaveText([
      'Titre : Indiquez un titre.',
      'Description : Décrivez votre besoin.',
      'Thème : Choisissez un thème.',
      'Commune : Choisissez une commune.',
    ]);
    expect(await links.evaluateAll((as) => as.map((a) => a.getAttribute('href')))).toEqual(['#title', '#description', '#categoryKey', '#communeCode']);

    const fields = [
      { label: 'Titre', id: 'title', describedBy: 'title-error title-hint', message: 'Indiquez un titre.' },
      { label: 'Description', id: 'description', describedBy: 'description-error description-hint', message: 'Décrivez votre besoin.' },
      { label: 'Thème', id: 'categoryKey', describedBy: 'categoryKey-error', message: 'Choisissez un thème.' },
      { label: 'Commune', id: 'communeCode', describedBy: 'communeCode-error communeCode-hint', message: 'Choisissez une commune.' },
    ];
    for (const f of fields) {
      const field = page.getByLabel(f.label, { exact: true });
      await expect(field).toHaveAttribute('aria-invalid', 'true');
      await expect(field).toHaveAttribute('aria-describedby', f.describedBy);
      // "Erreur : " is visually hidden, for screen readers; the error comes first in the description.
      await expect(page.locator(`#${f.id}-error`)).toHaveText(`Erreur : ${f.message}`);
      await expect(field).toHaveAccessibleDescription(new RegExp(`^Erreur : ${f.message.replace('.', '\\.')}`));
    }

    if (js) {
      // After an enhanced submit the focus moves to the summary, then its links move it into the field.
      await expect(summary).toBeFocused();
      await links.first().click();
      await expect(page.getByLabel('Titre')).toBeFocused();
    }
  });

  test('values too short: only those fields are in error, every value is kept', async ({ page }, testInfo) => {
    const js = jsEnabled(testInfo);
    await openForm(page, js);
    await fillNeedForm(page, { title: 'Trou', description: 'Trop court.', category: 'Voirie, trottoirs, signalisation', commune: COMMUNES.avrille.code });
    await continueNeedForm(page);

    const summary = page.getByRole('alert');
    await expect(summary).toHaveAccessibleName('Le formulaire contient 2 erreurs');
    await expect(summary.getByRole('link')).toHaveText([
      'Titre : Le titre doit contenir au moins 5 caractères.',
      'Description : La description doit contenir au moins 20 caractères.',
    ]);
    if (js) await expect(summary).toBeFocused();
    await expect(page.getByLabel('Titre')).toHaveAttribute('aria-invalid', 'true');
    await expect(page.getByLabel('Description')).toHaveAttribute('aria-invalid', 'true');
    await expect(page.getByLabel('Thème')).not.toHaveAttribute('aria-invalid');
    await expect(page.getByLabel('Commune', { exact: true })).not.toHaveAttribute('aria-invalid');

    await expect(page.getByLabel('Titre')).toHaveValue('Trou');
    await expect(page.getByLabel('Description')).toHaveValue('Trop court.');
    await expect(page.getByLabel('Thème')).toHaveValue('roads');
    await expect(page.getByLabel('Commune', { exact: true })).toHaveValue(COMMUNES.avrille.code);

    // Correcting the values is enough to send the need.
    await fillNeedForm(page, { title: 'Trou dans la chaussée', description: 'Un trou profond dans la chaussée devant le numéro 12.' });
    await publishNeedForm(page);
    await expect(page).toHaveURL(/\/besoins\/B-/);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Trou dans la chaussée');
  });
});

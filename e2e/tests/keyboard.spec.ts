// Keyboard alone and reflow (issue 6 item 7, RGAA 10.7, 10.4 and 10.11): the main journeys — log in,
// submit a need, support a need, an agent's status change on the triage page — with Tab / Shift+Tab to
// move, Enter / Space to act and typing into fields (a <select> by typing its option's first letters),
// each focused element showing a visible focus indicator (computed outline or box-shadow); then the
// home page, the needs list, a need page, the need form and the login page at 320 CSS px wide and with
// text at 200 %: no horizontal scrolling, the heading and main content still there.
// Both projects: JavaScript on (enhanced forms) and off (plain posts).
import { expect, test, type Locator, type Page, type TestInfo } from '@playwright/test';
import { COMMUNES, runToken } from '../support/app';
import { newPerson, notice, signUpOverHttp, type Person } from '../support/people';
import { seedNeed } from '../support/seed';
import { stackSql as sql } from '../support/sql';

/** What the focused element shows: a computed outline or box-shadow, or nothing. */
async function focusState(page: Page) {
  return page.evaluate(() => {
    const el = document.activeElement as HTMLElement | null;
    if (!el || el === document.body) return { what: 'body', ring: true };
    const style = getComputedStyle(el);
    const outline = style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0;
    const shadow = style.boxShadow !== 'none';
    const what = `${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ''} "${(el.textContent || (el as HTMLInputElement).value || '').trim().slice(0, 40)}"`;
    return { what, ring: outline || shadow };
  });
}

/**
 * Presses Tab (or Shift+Tab) until `target` has the focus, checking the focus indicator of every
 * element met on the way. `target`: a locator, or a CSS selector the focused element must match.
 */
async function tabTo(page: Page, target: Locator | string, { back = false, max = 150 } = {}): Promise<void> {
  for (let presses = 0; presses < max; presses++) {
    await page.keyboard.press(back ? 'Shift+Tab' : 'Tab');
    const state = await focusState(page);
    expect(state.ring, `visible focus indicator on ${state.what}`).toBe(true);
    const reached =
      typeof target === 'string'
        ? await page.evaluate((selector) => document.activeElement?.matches(selector) ?? false, target)
        : await target.evaluate((el) => el === document.activeElement);
    if (reached) return;
  }
  throw new Error(`${String(target)} not reached after ${max} presses of ${back ? 'Shift+Tab' : 'Tab'}`);
}

/** /connexion by keyboard: the address, the password (and back with Shift+Tab to check the address), Enter. */
async function logInByKeyboard(page: Page, person: Person) {
  await page.goto('/connexion');
  await tabTo(page, page.getByLabel('Adresse électronique'));
  await page.keyboard.type(person.email);
  await tabTo(page, page.getByLabel('Mot de passe', { exact: true }));
  await page.keyboard.type('une phrase de passe solide');
  await tabTo(page, page.getByLabel('Adresse électronique'), { back: true });
  await expect(page.getByLabel('Adresse électronique')).toHaveValue(person.email);
  await tabTo(page, page.getByRole('button', { name: 'Se connecter' }));
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(/\/compte$/);
}

async function resident(page: Page, request: Parameters<typeof signUpOverHttp>[0], baseURL: string, testInfo: TestInfo, tag: string) {
  const person = newPerson(testInfo, tag);
  await signUpOverHttp(request, baseURL, person);
  await logInByKeyboard(page, person);
  return person;
}

test('a resident logs in and submits a need by keyboard alone', async ({ page, request, baseURL }, testInfo) => {
  await resident(page, request, baseURL!, testInfo, 'clav');
  const title = `Banc cassé au square ${runToken(testInfo)}`;
  await page.goto('/besoins/nouveau');
  await tabTo(page, page.getByLabel('Titre'));
  await page.keyboard.type(title);
  await tabTo(page, page.getByLabel('Description'));
  await page.keyboard.type('Le banc du square des Tilleuls est cassé depuis un mois : les personnes âgées ne peuvent plus s’asseoir.');
  await tabTo(page, page.getByLabel('Thème'));
  await page.keyboard.type('Parcs');
  await expect(page.getByLabel('Thème').locator('option:checked')).toHaveText('Parcs, aires de jeux, arbres');
  await tabTo(page, page.getByLabel('Commune', { exact: true }));
  await page.keyboard.type(COMMUNES.avrille.name);
  await expect(page.getByLabel('Commune', { exact: true })).toHaveValue(COMMUNES.avrille.code);
  await tabTo(page, page.getByRole('button', { name: 'Continuer', exact: true }));
  await page.keyboard.press('Enter');

  // Past the similar needs when some are shown, then "Publier" (Space on a button).
  const compare = page.getByRole('button', { name: "Ce n'est pas le même besoin : continuer" });
  const publish = page.getByRole('button', { name: 'Publier', exact: true });
  await expect(compare.or(publish)).toBeVisible();
  if (await compare.isVisible()) {
    await tabTo(page, compare);
    await page.keyboard.press('Enter');
    await expect(compare).toBeHidden();
  }
  await expect(publish).toBeVisible();
  await tabTo(page, publish);
  await page.keyboard.press('Space');
  await expect(page).toHaveURL(/\/besoins\/B-[23456789A-Z]{6}$/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(title);
});

test('a resident supports a need by keyboard alone', async ({ page, request, baseURL }, testInfo) => {
  const need = await seedNeed(baseURL!, testInfo, 'Passage piéton à repeindre');
  await resident(page, request, baseURL!, testInfo, 'sout');
  await page.goto(`/besoins/${need.reference}`);
  await tabTo(page, page.getByRole('button', { name: 'Je soutiens ce besoin' }));
  await page.keyboard.press('Space');
  await expect(notice(page)).toHaveText('Votre soutien est enregistré. Merci !');
  await expect(page.locator('#support-count')).toHaveText('1 soutien sur 50 pour obtenir une réponse officielle');
  expect(await sql(baseURL!, `SELECT count(*)::int AS n FROM need_support WHERE need_id = $1`, [need.id])).toEqual([{ n: 1 }]);
});

test('an agent changes a need’s status on the triage page by keyboard alone', async ({ page, request, baseURL }, testInfo) => {
  const need = await seedNeed(baseURL!, testInfo, 'Lampadaire éteint');
  const agent = newPerson(testInfo, 'agent');
  await signUpOverHttp(request, baseURL!, agent);
  await sql(
    baseURL!,
    `INSERT INTO role_assignment (person_id, role, authority_id)
     SELECT p.id, 'agent', a.id FROM person p, authority a WHERE p.email = $1 AND a.kind = 'commune' AND a.code = '49015'`,
    [agent.email],
  );
  await logInByKeyboard(page, agent);
  await page.goto(`/collectivite/besoins/${need.reference}`);
  await expect(page.getByRole('heading', { level: 1 })).toContainText(need.reference);

  // Into the status radios (the first, or the one already chosen), Space to choose it.
  await tabTo(page, 'input[name="status"]');
  await page.keyboard.press('Space');
  const status = await page.evaluate(() => (document.activeElement as HTMLInputElement).value.toLowerCase());
  expect(await page.evaluate(() => (document.activeElement as HTMLInputElement).checked)).toBe(true);
  await tabTo(page, page.getByLabel('Réponse publique'));
  await page.keyboard.type('Nos services passent vérifier le lampadaire cette semaine.');
  await tabTo(page, page.getByRole('button', { name: 'Changer le statut' }));
  await page.keyboard.press('Enter');
  await expect(notice(page)).toBeVisible();
  await expect.poll(async () => (await sql<{ status: string }>(baseURL!, `SELECT status FROM need WHERE id = $1`, [need.id]))[0]?.status).toBe(status);
});

test.describe('reflow: 320 CSS px wide, and text at 200 %', () => {
  const pages: Array<{ name: string; path: (reference: string) => string }> = [
    { name: 'home page', path: () => '/' },
    { name: 'needs list', path: () => '/besoins' },
    { name: 'need page', path: (reference) => `/besoins/${reference}` },
    { name: 'need form', path: () => '/besoins/nouveau' },
    { name: 'login page', path: () => '/connexion' },
  ];
  const settings = [
    { name: '320 px', width: 320, text: '100%' },
    { name: 'text 200 %', width: 1280, text: '200%' },
    { name: '640 px, text 200 %', width: 640, text: '200%' },
    { name: '320 px, text 200 %', width: 320, text: '200%' },
  ];

  test('no horizontal scrolling and nothing lost on the main public pages', async ({ page, baseURL }, testInfo) => {
    const need = await seedNeed(baseURL!, testInfo, 'Un nom de rue particulièrement long pour voir le retour à la ligne');
    for (const setting of settings) {
      await page.setViewportSize({ width: setting.width, height: 800 });
      for (const target of pages) {
        await page.goto(target.path(need.reference));
        // The text size a reader sets in the browser: the root font size (every size is in rem or em).
        // (Through the CSSOM: the page's Content-Security-Policy refuses injected <style> elements.)
        await page.evaluate((size) => document.documentElement.style.setProperty('font-size', size, 'important'), setting.text);
        const where = `${target.name} at ${setting.name}`;
        expect(await page.evaluate(() => getComputedStyle(document.documentElement).fontSize), where).toBe(setting.text === '200%' ? '32px' : '16px');
        const { scrollWidth, innerWidth, overflowing } = await page.evaluate(() => ({
          scrollWidth: document.documentElement.scrollWidth,
          innerWidth: window.innerWidth,
          // What sticks out to the right, to say where the fix goes.
          overflowing: [...document.querySelectorAll('body *')]
            .filter((el) => el.getBoundingClientRect().right > window.innerWidth + 1)
            .slice(0, 5)
            .map((el) => `${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ''}${el.className ? `.${String(el.className).split(' ').join('.')}` : ''}`),
        }));
        expect({ where, scrollWidth: scrollWidth <= innerWidth, overflowing }).toEqual({ where, scrollWidth: true, overflowing: [] });
        const heading = page.getByRole('heading', { level: 1 });
        await expect(heading, where).toBeVisible();
        const box = await heading.boundingBox();
        expect(box!.x >= 0 && box!.x + box!.width <= innerWidth + 1, `${where}: the heading fits`).toBe(true);
        await expect(page.getByRole('main'), where).not.toBeEmpty();
        await expect(page.getByRole('navigation').first(), where).toBeAttached();
      }
    }
    // The need page still shows the need's own title, and the form its first field.
    await page.goto(`/besoins/${need.reference}`);
    await expect(page.getByRole('heading', { level: 1 })).toContainText('Un nom de rue particulièrement long');
  });
});

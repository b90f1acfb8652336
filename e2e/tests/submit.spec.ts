// Submitting a need through the form, and following it until the competent authority is named
// (DOMAIN.md §2 routing, §9 lifecycle). Runs with JavaScript on (enhanced form, self-refreshing page)
// and off (plain POST, 303, "Actualiser la page").
import { expect, type Page } from '@playwright/test';
import { COMMUNES, fillNeedForm, holdRouting, jsEnabled, reachNeedPreview, REFERENCE_PATH, shownStatus, waitUntilRouted } from '../support/app';
// Logged in: a resident's need is "reçu" at once (without an account it waits for an emailed link).
import { residentTest as test } from '../support/fixtures';

const WASTE = {
  title: 'Dépôts sauvages rue X',
  description: "Des sacs d'ordures et des encombrants s'accumulent depuis une semaine au pied des conteneurs, rue X.",
};

/** Goes through the form's steps, clicks "Publier" and checks the path taken: SvelteKit's enhanced action with JS, a plain 303 without. */
async function submit(page: Page, js: boolean): Promise<string> {
  await reachNeedPreview(page);
  const isAction = (url: string, method: string) => method === 'POST' && new URL(url).pathname === '/besoins/nouveau' && new URL(url).search === '?/submit';
  const requestSeen = page.waitForRequest((r) => isAction(r.url(), r.method()));
  const responseSeen = page.waitForResponse((r) => isAction(r.url(), r.request().method()));
  await page.getByRole('button', { name: 'Publier', exact: true }).click();
  const [request, response] = await Promise.all([requestSeen, responseSeen]);
  if (js) {
    // use:enhance posts with fetch and this header; the redirect comes back as an action result.
    expect(await request.headerValue('x-sveltekit-action')).toBe('true');
    expect(response.status()).toBe(200);
    const result = (await response.json()) as { type: string; status: number; location: string };
    expect(result).toMatchObject({ type: 'redirect', status: 303 });
    expect(result.location).toMatch(REFERENCE_PATH);
  } else {
    expect(await request.headerValue('x-sveltekit-action')).toBeNull();
    expect(response.status()).toBe(303);
    expect(response.headers()['location']).toMatch(REFERENCE_PATH);
  }
  await expect(page).toHaveURL(REFERENCE_PATH);
  return REFERENCE_PATH.exec(new URL(page.url()).pathname)![1]!;
}

test('the form says which path it takes: enhanced with JS, plain HTML without', async ({ page }, testInfo) => {
  await page.goto('/besoins/nouveau');
  const form = page.locator('form.need');
  if (jsEnabled(testInfo)) {
    await expect(page.locator('html')).toHaveAttribute('data-hydrated', 'true');
    await expect(form).toHaveAttribute('data-enhanced', 'true');
  } else {
    await expect(form).toHaveAttribute('method', /post/i);
    await expect(form).not.toHaveAttribute('data-enhanced');
    await expect(page.locator('html')).not.toHaveAttribute('data-hydrated');
    await expect(page.locator('#commune-search')).toHaveCount(0);
  }
});

test('waste need in Avrillé: reçu, then transmis to Angers Loire Métropole', async ({ page, baseURL }, testInfo) => {
  const js = jsEnabled(testInfo);
  await page.goto('/besoins/nouveau');
  if (js) await expect(page.locator('form.need')).toHaveAttribute('data-enhanced', 'true');

  // The category sits in the optgroup of its theme.
  const option = page.locator('#categoryKey optgroup[label="Déchets"] option', { hasText: 'Collecte, tri, déchèteries' });
  await expect(option).toHaveAttribute('value', 'waste_collection');
  await fillNeedForm(page, { ...WASTE, category: 'Collecte, tri, déchèteries', commune: COMMUNES.avrille.code });
  await expect(page.getByLabel('Thème')).toHaveValue('waste_collection');
  await expect(page.getByLabel('Commune', { exact: true }).locator('option:checked')).toHaveText(/^Avrillé \(49240\)/);

  // Pause routing so that the "reçu" state can be seen (it lasts milliseconds otherwise).
  const hold = await holdRouting(baseURL!);
  expect(hold, 'the routing worker of this stack cannot be held: run the e2e tier with the stack it starts').not.toBeNull();
  let reference: string;
  try {
    reference = await submit(page, js);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(WASTE.title);
    await expect(page.locator('dl.facts')).toContainText(reference);
    await expect(shownStatus(page)).toHaveText('reçu');
    await expect(page.getByText('Transmission en cours…')).toBeVisible();
    await expect(page.getByRole('link', { name: 'Actualiser la page' })).toHaveAttribute('href', `/besoins/${reference}`);

    if (js) {
      // The page must update in place: no navigation, no reload, only its data is fetched again.
      await page.evaluate(() => ((window as unknown as { __sameDocument: boolean }).__sameDocument = true));
      const dataRequests: string[] = [];
      page.on('request', (r) => r.url().includes('__data.json') && dataRequests.push(r.url()));
      let navigations = 0;
      page.on('framenavigated', (f) => f === page.mainFrame() && navigations++);
      hold?.release();
      await expect(shownStatus(page)).toHaveText('transmis', { timeout: 30_000 });
      expect(await page.evaluate(() => (window as unknown as { __sameDocument?: boolean }).__sameDocument)).toBe(true);
      expect(navigations, 'the page was reloaded').toBe(0);
      expect(dataRequests.length, 'the page fetched its data again').toBeGreaterThan(0);
      await expect(page.locator('#status-announcement')).toHaveText('Le statut de ce besoin a changé : transmis.');
    } else {
      hold?.release();
      await waitUntilRouted(page, false);
    }
  } finally {
    hold?.release();
  }

  await expect(shownStatus(page)).toHaveText('transmis');
  await expect(page.getByText('Transmis à Angers Loire Métropole')).toBeVisible();
  await expect(page.locator('.notice strong')).toHaveText('Angers Loire Métropole');
  await expect(page.locator('.notice p').nth(1)).toHaveText('La collecte des déchets relève de la communauté urbaine Angers Loire Métropole.');
  await expect(page.getByText('Transmission en cours…')).toHaveCount(0);
  // The timeline keeps both steps, oldest first.
  await expect(page.locator('ol.timeline li')).toHaveText([/reçu/, /transmis/]);
  expect(page.url()).toContain(`/besoins/${reference!}`);
});

const ROUTING_CASES = [
  {
    name: 'a playground in Avrillé goes to the commune',
    title: 'Aire de jeux',
    description: "Le toboggan de l'aire de jeux du parc est cassé et une planche dépasse du sol.",
    category: 'Parcs, aires de jeux, arbres',
    commune: COMMUNES.avrille.code,
    status: 'transmis',
    authority: 'Avrillé',
    reason: "Les parcs, les aires de jeux et les arbres relèvent de la commune d'Avrillé.",
  },
  {
    name: 'a crèche in Tiercé goes to the Communauté de communes Anjou Loir et Sarthe',
    title: 'Places en crèche à Tiercé',
    description: 'Il manque des places en crèche pour les enfants de moins de trois ans dans la commune.',
    category: 'Petite enfance (crèches, relais petite enfance)',
    commune: COMMUNES.tierce.code,
    status: 'transmis',
    authority: 'Communauté de communes Anjou Loir et Sarthe',
    reason: 'La petite enfance (crèches, relais petite enfance) relève de la communauté de communes Anjou Loir et Sarthe.',
  },
  {
    name: 'a collège is out of local competence and names the Département',
    title: 'Chauffage du collège',
    description: "Le chauffage du collège ne fonctionne plus dans deux salles de classe depuis la rentrée.",
    category: 'Collèges',
    commune: COMMUNES.briollay.code,
    status: 'hors compétence locale',
    authority: null,
    reason: /^Les collèges relèvent du Département de Maine-et-Loire : hors compétence locale\. Adressez-vous au Département de Maine-et-Loire\.$/,
  },
] as const;

for (const c of ROUTING_CASES) {
  test(`routing: ${c.name}`, async ({ page }, testInfo) => {
    const js = jsEnabled(testInfo);
    await page.goto('/besoins/nouveau');
    if (js) await expect(page.locator('form.need')).toHaveAttribute('data-enhanced', 'true');
    await fillNeedForm(page, { title: c.title, description: c.description, category: c.category, commune: c.commune });
    await submit(page, js);
    await waitUntilRouted(page, js);
    await expect(shownStatus(page)).toHaveText(c.status);
    if (c.authority) {
      await expect(page.locator('.notice')).toContainText(`Transmis à ${c.authority}`);
      await expect(page.locator('.notice strong')).toHaveText(c.authority);
    } else {
      await expect(page.locator('.notice strong')).toHaveText('Hors compétence locale');
      await expect(page.locator('.notice')).toContainText('Département de Maine-et-Loire');
    }
    await expect(page.locator('.notice p').nth(1)).toHaveText(c.reason);
  });
}

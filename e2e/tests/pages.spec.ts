// Home page, accessibility statement and the French 404 page.
import { expect, test } from '@playwright/test';

test('home page: title, the way to submit a need, the accessibility statement', async ({ page }) => {
  const response = await page.goto('/');
  expect(response?.status()).toBe(200);
  await expect(page).toHaveTitle("Accueil — Plateforme d'Intelligence Territoriale");
  await expect(page.locator('html')).toHaveAttribute('lang', 'fr');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText("Plateforme d'Intelligence Territoriale — Pôle métropolitain Loire Angers");

  await page.getByRole('main').getByRole('link', { name: 'Signaler un besoin' }).click();
  await expect(page).toHaveURL(/\/besoins\/nouveau$/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Signaler un besoin');

  await page.goto('/');
  const statement = page.getByRole('contentinfo').getByRole('link', { name: 'Accessibilité : partiellement conforme' });
  await expect(statement).toHaveAttribute('href', '/accessibilite');
  await statement.click();
  await expect(page).toHaveURL(/\/accessibilite$/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText("Déclaration d'accessibilité");
  await expect(page.getByRole('main')).toContainText('partiellement conforme');
  await expect(page.getByText("Aucun audit externe n'a encore eu lieu.")).toBeVisible();
});

test('the main menu marks the current page', async ({ page }) => {
  await page.goto('/besoins');
  const nav = page.getByRole('navigation', { name: 'Menu principal' });
  await expect(nav.getByRole('link', { name: 'Les besoins' })).toHaveAttribute('aria-current', 'page');
  await expect(nav.getByRole('link', { name: 'Accueil' })).not.toHaveAttribute('aria-current');
});

test.describe('404 in French', () => {
  test('unknown need reference', async ({ page }) => {
    const response = await page.goto('/besoins/B-ZZZZZZ');
    expect(response?.status()).toBe(404);
    await expect(page).toHaveTitle("Page introuvable — Plateforme d'Intelligence Territoriale");
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Page introuvable');
    await expect(page.getByText('Aucun besoin public ne porte la référence B-ZZZZZZ.')).toBeVisible();
    await expect(page.getByText('Erreur 404.')).toBeVisible();
    await expect(page.getByRole('main').getByRole('link', { name: "Retour à l'accueil" })).toHaveAttribute('href', '/');
  });

  test('something that is not a reference', async ({ page }) => {
    const response = await page.goto('/besoins/pas-une-reference');
    expect(response?.status()).toBe(404);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Page introuvable');
    await expect(page.getByText('Aucun besoin ne porte la référence « pas-une-reference »', { exact: false })).toBeVisible();
  });

  test('unknown page', async ({ page }) => {
    const response = await page.goto('/page-qui-n-existe-pas');
    expect(response?.status()).toBe(404);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Page introuvable');
    await expect(page.getByText("Cette page n'existe pas ou a été déplacée.")).toBeVisible();
  });
});

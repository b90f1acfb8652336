// Fixtures for journeys that need a resident's account.
//
// A need submitted without an account waits for its author to confirm an emailed link (DOMAIN.md §9,
// "en attente de confirmation"), and e2e/ has no mailbox: the routing journeys therefore submit as a
// logged-in resident, whose needs are "reçu" at once. One account is created per Playwright worker,
// through the web's own sign-up form action, and reused by that worker's tests.
//
//   test           anonymous pages; `residentRequest` posts as the worker's resident (seeding needs)
//   residentTest   pages logged in as the worker's resident
import { expect, test as base, type APIRequestContext } from '@playwright/test';

export interface Resident {
  pseudonym: string;
  email: string;
  storageState: { cookies: Array<Record<string, unknown>>; origins: Array<Record<string, unknown>> };
}

const PASSWORD = 'une phrase de passe solide pour les tests';

export const test = base.extend<{ residentRequest: APIRequestContext }, { resident: Resident }>({
  resident: [
    async ({ playwright }, use, workerInfo) => {
      const baseURL = workerInfo.project.use.baseURL;
      if (!baseURL) throw new Error('baseURL is not set');
      // Unique across runs (the embedded database is kept) and across workers.
      const token = `${Date.now().toString(36)}${workerInfo.workerIndex}${Math.random().toString(36).slice(2, 6)}`;
      const pseudonym = `Testeur e2e ${token}`;
      const email = `e2e-${token}@example.fr`;
      const context = await playwright.request.newContext({ baseURL });
      try {
        const response = await context.post('/inscription?/signup', {
          form: { pseudonym, email, password: PASSWORD, retour: '' },
          headers: { origin: new URL(baseURL).origin, accept: 'text/html' },
          maxRedirects: 0,
        });
        expect(response.status(), `sign-up of ${email}: ${await response.text().catch(() => '')}`.slice(0, 500)).toBe(303);
        const storageState = (await context.storageState()) as Resident['storageState'];
        expect(storageState.cookies.length, 'a session cookie').toBeGreaterThan(0);
        await use({ pseudonym, email, storageState });
      } finally {
        await context.dispose();
      }
    },
    { scope: 'worker' },
  ],

  residentRequest: async ({ playwright, resident, baseURL }, use) => {
    const context = await playwright.request.newContext({ baseURL, storageState: resident.storageState as never });
    await use(context);
    await context.dispose();
  },
});

export const residentTest = test.extend({
  storageState: async ({ resident }, use) => {
    await use(resident.storageState as never);
  },
});

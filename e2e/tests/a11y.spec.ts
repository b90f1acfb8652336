// axe-core on every page and state: zero violations. In the `js` project axe audits the hydrated DOM; in
// the `nojs` project it audits the DOM a browser without JavaScript gets (from a JS-enabled context where
// no page script may run, since axe hangs when JavaScript is disabled).
import { expect, type APIRequestContext, type Browser, type Page, type TestInfo } from '@playwright/test';
import { auditHydrated, auditWithoutJs, COMMUNES, continueNeedForm, holdRouting, jsEnabled, submitNeedOverHttp, type AuditTarget, type NeedInput } from '../support/app';
import { test } from '../support/fixtures';

const NEED: NeedInput = {
  title: 'Lampadaire éteint rue des Lices',
  description: 'Le lampadaire devant le numéro 8 ne s’allume plus le soir depuis trois jours.',
  categoryKey: 'street_lighting',
  communeCode: COMMUNES.avrille.code,
};

/** Waits (server side, no browser) until the need has left "reçu". */
async function routed(request: APIRequestContext, reference: string): Promise<void> {
  await expect
    .poll(async () => /class="status">reçu</.test(await (await request.get(`/besoins/${reference}`)).text()), { timeout: 30_000 })
    .toBe(false);
}

function open(path: string, then?: (page: Page) => Promise<void>): AuditTarget['open'] {
  return async (page) => {
    const response = await page.goto(path);
    expect(response, path).not.toBeNull();
    await then?.(page);
  };
}

const submitEmpty = async (page: Page) => {
  await continueNeedForm(page);
  await expect(page.getByRole('alert')).toHaveAccessibleName(/^Le formulaire contient \d+ erreurs$/);
};

const STATIC_TARGETS: AuditTarget[] = [
  { name: 'home', open: open('/') },
  { name: 'accessibilite', open: open('/accessibilite') },
  { name: 'besoins', open: open('/besoins') },
  { name: 'besoins-filtered', open: open(`/besoins?commune=${COMMUNES.avrille.code}&theme=street_lighting&statut=transmitted`) },
  { name: 'form-empty', open: open('/besoins/nouveau') },
  { name: 'form-errors', open: open('/besoins/nouveau', submitEmpty) },
  { name: 'not-found', open: open('/besoins/B-ZZZZZZ') },
];

async function audit(target: AuditTarget, browser: Browser, baseURL: string, testInfo: TestInfo) {
  if (!jsEnabled(testInfo)) return auditWithoutJs(browser, baseURL, target, testInfo);
  const context = await browser.newContext({ baseURL, javaScriptEnabled: true });
  try {
    await auditHydrated(await context.newPage(), target, testInfo);
  } finally {
    await context.close();
  }
}

test.describe('axe: no violation', () => {
  for (const target of STATIC_TARGETS) {
    test(target.name, async ({ browser, baseURL }, testInfo) => {
      let audited = target;
      if (target.name === 'form-errors' && jsEnabled(testInfo)) {
        // Hydrated: the error summary comes from the enhanced submit.
        audited = {
          ...target,
          open: async (p) => {
            await p.goto('/besoins/nouveau');
            await expect(p.locator('form.need')).toHaveAttribute('data-enhanced', 'true');
            await submitEmpty(p);
            await expect(p.getByRole('alert')).toBeFocused();
          },
        };
      }
      await audit(audited, browser, baseURL!, testInfo);
    });
  }

  test('need page while reçu', async ({ browser, residentRequest: request, baseURL }, testInfo) => {
    const hold = await holdRouting(baseURL!);
    // The reçu state lasts milliseconds: this audit needs the stack started by this config (its worker can be paused).
    expect(hold, 'the routing worker of this stack cannot be held: run the e2e tier with the stack it starts').not.toBeNull();
    try {
      const reference = await submitNeedOverHttp(request, baseURL!, NEED);
      await audit(
        {
          name: 'need-received',
          open: open(`/besoins/${reference}`, async (p) => {
            await expect(p.getByText('Transmission en cours…')).toBeVisible();
          }),
        },
        browser,
        baseURL!,
        testInfo,
      );
    } finally {
      hold?.release();
    }
  });

  test('need page once transmis', async ({ browser, residentRequest: request, baseURL }, testInfo) => {
    const reference = await submitNeedOverHttp(request, baseURL!, NEED);
    await routed(request, reference);
    await audit(
      { name: 'need-transmitted', open: open(`/besoins/${reference}`, (p) => expect(p.locator('dl.facts .status')).toHaveText('transmis')) },
      browser,
      baseURL!,
      testInfo,
    );
  });

  test('need page hors compétence locale', async ({ browser, residentRequest: request, baseURL }, testInfo) => {
    const reference = await submitNeedOverHttp(request, baseURL!, {
      ...NEED,
      title: 'Cantine du lycée',
      description: 'La cantine du lycée ferme trop tôt pour les élèves qui finissent les cours à 13 heures.',
      categoryKey: 'high_schools',
    });
    await routed(request, reference);
    await audit(
      { name: 'need-out-of-scope', open: open(`/besoins/${reference}`, (p) => expect(p.locator('dl.facts .status')).toHaveText('hors compétence locale')) },
      browser,
      baseURL!,
      testInfo,
    );
  });
});

// Shared helpers of the journeys: the need form, seeding through the web's own form action, holding the
// routing worker, and axe audits of the hydrated and of the no-JavaScript DOM.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import AxeBuilder from '@axe-core/playwright';
import { expect, type APIRequestContext, type Browser, type Page, type TestInfo } from '@playwright/test';

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** Public references: B- and 6 characters without 0/O, 1/I/L, U (libs/shared/domain/src/reference.ts). */
export const REFERENCE_PATH = /\/besoins\/(B-[23456789ABCDEFGHJKMNPQRSTVWXYZ]{6})$/;

export const COMMUNES = {
  avrille: { code: '49015', name: 'Avrillé' },
  tierce: { code: '49347', name: 'Tiercé' },
  briollay: { code: '49048', name: 'Briollay' },
  cheffes: { code: '49090', name: 'Cheffes' },
  loireAuthion: { code: '49307', name: 'Loire-Authion' },
} as const;

export interface NeedInput {
  title: string;
  description: string;
  /** Category key, e.g. waste_collection. */
  categoryKey: string;
  communeCode: string;
}

export function jsEnabled(testInfo: TestInfo): boolean {
  return testInfo.project.use.javaScriptEnabled !== false;
}

/** A short token that tells this run's needs apart from earlier runs' (the embedded database is kept). */
export function runToken(testInfo: TestInfo): string {
  const stamp = Date.now().toString(36).slice(-5).toUpperCase();
  return `${testInfo.project.name}-${stamp}${testInfo.workerIndex}`;
}

/** Fills the form with accessible locators. Category and commune are chosen by their visible labels. */
export async function fillNeedForm(
  page: Page,
  values: { title?: string; description?: string; category?: string; commune?: string },
): Promise<void> {
  if (values.title !== undefined) await page.getByLabel('Titre').fill(values.title);
  if (values.description !== undefined) await page.getByLabel('Description').fill(values.description);
  if (values.category !== undefined) await page.getByLabel('Thème').selectOption({ label: values.category });
  if (values.commune !== undefined) await page.getByLabel('Commune', { exact: true }).selectOption(values.commune);
}

/**
 * Submits a need through the web's own form action, as a browser without JavaScript would
 * (form-encoded POST with an Origin header, 303 to the need page). Returns the reference.
 */
export async function submitNeedOverHttp(request: APIRequestContext, baseURL: string, need: NeedInput): Promise<string> {
  const response = await request.post('/besoins/nouveau?/submit', {
    form: { ...need },
    headers: { origin: new URL(baseURL).origin, accept: 'text/html' },
    maxRedirects: 0,
  });
  expect(response.status(), await response.text().catch(() => '')).toBe(303);
  const location = response.headers()['location'] ?? '';
  const match = REFERENCE_PATH.exec(new URL(location, baseURL).pathname);
  expect(match, `303 to a need page, got ${location}`).not.toBeNull();
  return match![1]!;
}

// --- Holding the routing worker -------------------------------------------------------------------

export interface RoutingHold {
  release: () => void;
}

/**
 * Routing is near-instant (the relay in the worker is woken by LISTEN/NOTIFY), so the "reçu" state is only
 * seen reliably while the worker is paused. The launcher records its children in .data/launcher-<port>.json;
 * when this run's worker is found there, it is paused with SIGSTOP until release() sends SIGCONT.
 * Holds are serialised across Playwright workers with a lock file, so that one test's release never
 * resumes routing under another test that still expects "reçu".
 * Returns null when the worker cannot be held (a stack started elsewhere): the tests that need it then fail.
 */
export async function holdRouting(baseURL: string): Promise<RoutingHold | null> {
  const port = new URL(baseURL).port || '80';
  const worker = launcherChild(port, 'worker');
  if (!worker || !isWorkerProcess(worker.pid)) return null;
  const lock = path.join(os.tmpdir(), `pit-e2e-routing-hold-${port}.lock`);
  const deadline = Date.now() + 60_000;
  for (;;) {
    try {
      fs.writeFileSync(lock, String(process.pid), { flag: 'wx' });
      break;
    } catch {
      // A hold is never kept for more than a few seconds: an older lock was left by a dead process.
      const age = Date.now() - (fs.statSync(lock, { throwIfNoEntry: false })?.mtimeMs ?? Date.now());
      if (age > 45_000 || Date.now() > deadline) fs.rmSync(lock, { force: true });
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  process.kill(worker.pid, 'SIGSTOP');
  let released = false;
  const release = () => {
    if (released) return;
    released = true;
    try {
      process.kill(worker.pid, 'SIGCONT');
    } catch {
      /* gone already */
    }
    fs.rmSync(lock, { force: true });
  };
  // Never leave the worker paused, even if this test process ends abruptly.
  process.once('exit', release);
  return { release };
}

function launcherChild(port: string, name: string): { pid: number; argv: string[] } | undefined {
  try {
    const state = JSON.parse(fs.readFileSync(path.join(root, '.data', `launcher-${port}.json`), 'utf8')) as {
      children?: Array<{ name: string; pid: number; argv: string[] }>;
    };
    return state.children?.find((c) => c.name === name);
  } catch {
    return undefined;
  }
}

function isWorkerProcess(pid: number): boolean {
  try {
    const cmdline = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
    return cmdline.some((a) => a.endsWith('apps/worker/dist/main.js'));
  } catch {
    return false;
  }
}

// --- Accessibility audits -------------------------------------------------------------------------

export interface AuditTarget {
  name: string;
  /** Brings the page into the state to audit (navigation, form submission…). */
  open: (page: Page) => Promise<void>;
}

async function expectNoViolations(page: Page, name: string, testInfo: TestInfo): Promise<void> {
  const results = await new AxeBuilder({ page }).analyze();
  const summary = results.violations.map(
    (v) => `${v.id} (${v.impact}): ${v.help}\n${v.nodes.map((n) => `    ${n.target.join(' ')}  ${n.failureSummary?.split('\n').join(' ')}`).join('\n')}`,
  );
  if (summary.length) await testInfo.attach(`axe-${name}.json`, { body: JSON.stringify(results.violations, null, 2), contentType: 'application/json' });
  expect(summary, `axe violations on ${name} (${page.url()})`).toEqual([]);
}

/**
 * axe on the page as a JS-enabled browser shows it. Pages that ship no client JavaScript (csr = false)
 * have the very DOM the `nojs` audit checks: they are only checked for not hydrating, not audited twice.
 */
export async function auditHydrated(page: Page, target: AuditTarget, testInfo: TestInfo): Promise<void> {
  await target.open(page);
  const hydrates = (await page.locator('script:not([type]), script[type="module"]').count()) > 0;
  if (!hydrates) {
    await expect(page.locator('html')).not.toHaveAttribute('data-hydrated', 'true');
    testInfo.annotations.push({ type: 'axe', description: 'no client JavaScript on this page: audited by the nojs project' });
    return;
  }
  await expect(page.locator('html')).toHaveAttribute('data-hydrated', 'true');
  await expectNoViolations(page, target.name, testInfo);
}

/**
 * axe on the DOM a browser without JavaScript gets. axe itself hangs in a javaScriptEnabled: false
 * context (STACK.md), so this opens a JS-enabled context where no page script can run: the client
 * bundle is inline (bundleStrategy 'inline'), so besides blocking /_app/**\/*.js every HTML response
 * gets the CSP "script-src 'none'". Playwright's own evaluation (axe) is not subject to the page's CSP.
 */
export async function auditWithoutJs(
  browser: Browser,
  baseURL: string,
  target: AuditTarget,
  testInfo: TestInfo,
  /** A logged-in person's cookies, for pages behind a login. */
  storageState?: { cookies: Array<Record<string, unknown>>; origins: Array<Record<string, unknown>> },
): Promise<void> {
  // Explicitly on: in the test runner, browser.newContext() inherits the project's options (javaScriptEnabled: false).
  const context = await browser.newContext({ baseURL, locale: 'fr-FR', timezoneId: 'Europe/Paris', javaScriptEnabled: true, storageState: storageState as never });
  try {
    await context.route('**/*', async (route) => {
      if (route.request().resourceType() !== 'document') return route.fallback();
      const response = await route.fetch({ maxRedirects: 0 });
      await route.fulfill({ response, headers: { ...response.headers(), 'content-security-policy': "script-src 'none'" } });
    });
    await context.route('**/_app/**/*.js', (route) => route.abort());
    const page = await context.newPage();
    await target.open(page);
    // Proof that no page script ran: hydration marks <html data-hydrated="true">.
    await expect(page.locator('html')).not.toHaveAttribute('data-hydrated', 'true');
    await expectNoViolations(page, `${target.name}-nojs`, testInfo);
  } finally {
    await context.close();
  }
}

// --- The need page ----------------------------------------------------------------------------------

/** The status shown in the facts list ("reçu", "transmis", "hors compétence locale"…). */
export function shownStatus(page: Page) {
  return page.locator('dl.facts .status');
}

/**
 * Waits until the need on the current page has left "reçu". Without JavaScript the resident follows the
 * "Actualiser la page" link (a bounded number of times); with JavaScript the page must update by itself.
 */
export async function waitUntilRouted(page: Page, js: boolean): Promise<void> {
  if (js) {
    await expect(shownStatus(page)).not.toHaveText('reçu', { timeout: 30_000 });
    return;
  }
  for (let attempt = 0; attempt < 30; attempt++) {
    if ((await shownStatus(page).textContent())?.trim() !== 'reçu') return;
    await page.waitForTimeout(500);
    await page.getByRole('link', { name: 'Actualiser la page' }).click();
  }
  await expect(shownStatus(page), 'still "reçu" after 30 reloads').not.toHaveText('reçu');
}

/** The need form's first step: "Continuer" (to the compare or preview step, or back with errors). */
export async function continueNeedForm(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Continuer', exact: true }).click();
}

/** From the write step to the preview: "Continuer", then past the similar needs when some are shown. */
export async function reachNeedPreview(page: Page): Promise<void> {
  await continueNeedForm(page);
  const compare = page.getByRole('button', { name: "Ce n'est pas le même besoin : continuer" });
  const publish = page.getByRole('button', { name: 'Publier', exact: true });
  await expect(compare.or(publish)).toBeVisible();
  if (await compare.isVisible()) await compare.click();
  await expect(publish).toBeVisible();
}

/** Sends a filled need form through its three steps: write → (compare) → preview → Publier. */
export async function publishNeedForm(page: Page): Promise<void> {
  await reachNeedPreview(page);
  await page.getByRole('button', { name: 'Publier', exact: true }).click();
}

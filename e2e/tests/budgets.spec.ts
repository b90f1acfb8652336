// Page budgets (eco-design): crawls every page reachable by links from `/` without an account and
// measures, for each, in a fresh JS-enabled context (empty cache):
//   - bytes transferred over the network, compressed, headers included (CDP Network.loadingFinished
//     encodedDataLength, summed over every request of the page);
//   - requests, the favicon included (headless Chromium may not ask for it: then it is fetched and counted);
//   - DOM elements (document.getElementsByTagName('*').length).
// Budgets per page: ≤ 60 KB, ≤ 5 requests, ≤ 350 elements. The measurements are written to
// e2e/results/page-budgets.json as [{ path, bytes, requests, domElements }] for the eco-design page.
import fs from 'node:fs';
import path from 'node:path';
import { expect, type Browser } from '@playwright/test';
import sharp from 'sharp';
import { COMMUNES, REFERENCE_PATH, root, submitNeedOverHttp } from '../support/app';
import { test, type Resident } from '../support/fixtures';

const BUDGET = { bytes: 60 * 1024, requests: 5, domElements: 350 };
const MAX_PAGES = 120;
/** Pages of one shape (a need page, a filtered or paged list) cost the same: a few of each are enough. */
const MAX_PER_SHAPE = 3;
const CONCURRENCY = 3;
const RESULTS_FILE = path.join(root, 'e2e', 'results', 'page-budgets.json');

interface PageBudget {
  path: string;
  bytes: number;
  requests: number;
  domElements: number;
}

function shapeOf(p: string): string {
  const url = new URL(p, 'http://x');
  return url.pathname.replace(/\/B-[0-9A-Z]{6}$/, '/:reference').replace(/\/[0-9a-f]{8}-[0-9a-f-]{27}$/, '/:id') + (url.search ? '?' : '');
}

async function measure(
  browser: Browser,
  baseURL: string,
  pagePath: string,
  storageState?: Resident['storageState'],
): Promise<(PageBudget & { links: string[] }) | null> {
  // A fresh context per page: nothing cached, JavaScript on as most visitors have it.
  const context = await browser.newContext({ baseURL, javaScriptEnabled: true, serviceWorkers: 'block', storageState: storageState as never });
  try {
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    const sent: Array<{ id: string; url: string }> = [];
    const done = new Map<string, number>();
    cdp.on('Network.requestWillBeSent', (e) => {
      if (!e.request.url.startsWith('data:')) sent.push({ id: e.requestId, url: e.request.url });
    });
    cdp.on('Network.loadingFinished', (e) => done.set(e.requestId, e.encodedDataLength));
    cdp.on('Network.loadingFailed', (e) => done.set(e.requestId, 0));
    await cdp.send('Network.enable');
    await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });

    const response = await page.goto(pagePath, { waitUntil: 'load' });
    // A link that leaves the site (FranceConnect, ProConnect logins redirect to the provider) is no page of ours.
    if (new URL(page.url()).origin !== new URL(baseURL).origin) return null;
    expect(response?.status(), pagePath).toBe(200);
    // Settled: every request finished and none started for 300 ms (hydration may still fetch something).
    let last = sent.length;
    for (let quiet = 0; quiet < 3; ) {
      await page.waitForTimeout(100);
      const settled = sent.length === last && sent.every((r) => done.has(r.id));
      quiet = settled ? quiet + 1 : 0;
      last = sent.length;
    }

    // The favicon: count it even when headless Chromium did not ask for it.
    const icon = await page.locator('link[rel~="icon"]').first().getAttribute('href');
    if (icon) {
      const iconUrl = new URL(icon, page.url()).href;
      if (!sent.some((r) => r.url === iconUrl)) {
        await page.evaluate(async (href) => {
          await (await fetch(href)).arrayBuffer();
        }, iconUrl);
      }
    }
    await expect.poll(() => sent.every((r) => done.has(r.id)), { message: `requests of ${pagePath} finish` }).toBe(true);

    const domElements = await page.evaluate(() => document.getElementsByTagName('*').length);
    const links = await page.locator('a[href]').evaluateAll((as) => as.map((a) => (a as HTMLAnchorElement).href));
    const ids = new Set(sent.map((r) => r.id));
    const bytes = [...ids].reduce((sum, id) => sum + (done.get(id) ?? 0), 0);
    return { path: pagePath, bytes, requests: sent.length, domElements, links };
  } finally {
    await context.close();
  }
}

function table(rows: PageBudget[]): string {
  const header = ['page', 'bytes', 'KB', 'requests', 'DOM elements'];
  const short = (p: string) => (p.length > 60 ? `${p.slice(0, 57)}...` : p);
  const lines = rows.map((r) => [short(r.path), String(r.bytes), (r.bytes / 1024).toFixed(1), String(r.requests), String(r.domElements)]);
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i]!.length)));
  const fmt = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  const limits = ['budget', String(BUDGET.bytes), (BUDGET.bytes / 1024).toFixed(1), String(BUDGET.requests), String(BUDGET.domElements)];
  return [fmt(header), ...lines.map(fmt), fmt(limits)].join('\n');
}

test('page budgets of every public page @js-only', async ({ browser, baseURL, residentRequest: request }, testInfo) => {
  test.setTimeout(240_000);
  // At least one need, so that the home page links to a need page.
  await submitNeedOverHttp(request, baseURL!, {
    title: 'Conteneur à verre plein',
    description: 'Le conteneur à verre du parking de la salle des sports déborde depuis plusieurs jours.',
    categoryKey: 'waste_collection',
    communeCode: COMMUNES.avrille.code,
  });

  const origin = new URL(baseURL!).origin;
  const queue = ['/'];
  const seen = new Set(queue);
  const perShape = new Map<string, number>([[shapeOf('/'), 1]]);
  const results: PageBudget[] = [];
  // Breadth first, a few pages at a time (each in its own context: the counts do not mix).
  while (queue.length && results.length < MAX_PAGES) {
    const batch = queue.splice(0, Math.min(CONCURRENCY, MAX_PAGES - results.length));
    const measured = await Promise.all(batch.map((p) => measure(browser, baseURL!, p)));
    for (const entry of measured) {
      if (!entry) continue;
      const { links, ...budget } = entry;
      results.push(budget);
      for (const href of links) {
        const url = new URL(href);
        if (url.origin !== origin) continue;
        // Data files (open data JSON, CSV, GeoJSON, exports) and photo files (a photo page links to its full-size
        // image once a need with a photo is public) are no pages.
        if (/\.(json|csv|geojson)$/.test(url.pathname) || /\/photos\/\d+\/image$/.test(url.pathname)) continue;
        // The language link (?lang=en / ?lang=fr) doubles every page: a fixed set of English pages is measured below.
        if (url.searchParams.has('lang')) continue;
        const next = url.pathname + url.search;
        const shape = shapeOf(next);
        if (seen.has(next) || (perShape.get(shape) ?? 0) >= MAX_PER_SHAPE) continue;
        seen.add(next);
        perShape.set(shape, (perShape.get(shape) ?? 0) + 1);
        queue.push(next);
      }
    }
  }

  // The English version (issue 6 item 8): the same pages in English weigh about the same; the two hydrated
  // pages carry the layout's strings as data and the ?lang=en response sets the language cookie.
  const needPage = results.find((r) => /^\/besoins\/B-[0-9A-Z]{6}$/.test(r.path))?.path;
  const english = ['/', '/besoins', '/besoins/nouveau', ...(needPage ? [needPage] : []), '/suivi', '/aide', '/accessibilite', '/plan-du-site'].map((p) => `${p}?lang=en`);
  for (let i = 0; i < english.length; i += CONCURRENCY) {
    for (const entry of await Promise.all(english.slice(i, i + CONCURRENCY).map((p) => measure(browser, baseURL!, p)))) {
      if (!entry) continue;
      const { links: _links, ...budget } = entry;
      results.push(budget);
    }
  }

  const report = table(results);
  console.log(`\nPage budgets (${results.length} pages)\n${report}\n`);
  await testInfo.attach('page-budgets.txt', { body: report, contentType: 'text/plain' });
  fs.mkdirSync(path.dirname(RESULTS_FILE), { recursive: true });
  fs.writeFileSync(RESULTS_FILE, JSON.stringify(results, null, 2) + '\n');

  const paths = results.map((r) => r.path);
  expect(paths).toContain('/besoins/nouveau');
  expect(paths).toContain('/collectivites');
  for (const linked of ['/suivi', '/confidentialite', '/tableau-de-bord', '/tableau-de-bord/communes', '/tableau-de-bord/categories', '/tableau-de-bord/evolution', '/aide', '/plan-du-site', '/mentions-legales', '/conditions-d-utilisation', '/accessibilite', '/accessibilite/schema-pluriannuel', '/donnees', '/donnees/moderation', '/eco-conception', '/charte-des-donnees']) expect(paths).toContain(linked);
  expect(paths.some((p) => /^\/besoins\/B-[0-9A-Z]{6}$/.test(p)), 'a need page was measured').toBe(true);
  for (const p of ['/besoins/nouveau?lang=en', '/?lang=en']) expect(paths).toContain(p);
  for (const r of results) {
    expect.soft(r.bytes, `${r.path}: bytes transferred`).toBeLessThanOrEqual(BUDGET.bytes);
    expect.soft(r.requests, `${r.path}: requests`).toBeLessThanOrEqual(BUDGET.requests);
    expect.soft(r.domElements, `${r.path}: DOM elements`).toBeLessThanOrEqual(BUDGET.domElements);
  }
});

// Pages the anonymous crawl cannot reach: a resident's own pages, the photo page of a need with a photo,
// the author's edit and withdraw forms, a searched and sorted list. Measured logged in, same budgets.
test('page budgets of the needs pages behind a login or a photo @js-only', async ({ browser, baseURL, residentRequest: request, resident }, testInfo) => {
  test.setTimeout(120_000);
  const photo = await sharp({ create: { width: 2000, height: 1500, channels: 3, background: '#8a6' } }).jpeg().toBuffer();
  const response = await request.post('/besoins/nouveau?/submit', {
    multipart: {
      title: 'Abri de bus arraché',
      description: "L'abri du bus de la place de la mairie a été arraché par la tempête : il ne reste que le poteau.",
      categoryKey: 'public_transport_cycling',
      communeCode: COMMUNES.avrille.code,
      photo1File: { name: 'abri.jpg', mimeType: 'image/jpeg', buffer: photo },
      photo1NewAlt: "Le poteau seul, là où était l'abri",
    },
    headers: { origin: new URL(baseURL!).origin, accept: 'text/html' },
    maxRedirects: 0,
  });
  expect(response.status()).toBe(303);
  const reference = REFERENCE_PATH.exec(new URL(response.headers()['location']!, baseURL).pathname)![1]!;
  const pages = [
    `/besoins/${reference}`,
    `/besoins/${reference}/photos/1`,
    `/besoins/${reference}/modifier`,
    `/besoins/${reference}/retirer`,
    `/besoins/${reference}/avis`,
    '/mes-besoins',
    '/besoins?q=abri&epci=244900015&tri=most_supported',
  ];
  const results: PageBudget[] = [];
  for (const pagePath of pages) {
    const entry = await measure(browser, baseURL!, pagePath, resident.storageState);
    expect(entry, pagePath).not.toBeNull();
    const { links: _links, ...budget } = entry!;
    results.push(budget);
  }
  const report = table(results);
  console.log(`\nPage budgets, needs pages logged in (${results.length} pages)\n${report}\n`);
  await testInfo.attach('page-budgets-needs.txt', { body: report, contentType: 'text/plain' });
  const previous: PageBudget[] = fs.existsSync(RESULTS_FILE) ? JSON.parse(fs.readFileSync(RESULTS_FILE, 'utf8')) : [];
  const merged = [...previous.filter((r) => !results.some((m) => m.path === r.path)), ...results.map((r) => ({ ...r, path: r.path.replace(reference, ':reference') }))];
  fs.mkdirSync(path.dirname(RESULTS_FILE), { recursive: true });
  fs.writeFileSync(RESULTS_FILE, JSON.stringify(merged, null, 2) + '\n');
  for (const r of results) {
    expect.soft(r.bytes, `${r.path}: bytes transferred`).toBeLessThanOrEqual(BUDGET.bytes);
    expect.soft(r.requests, `${r.path}: requests`).toBeLessThanOrEqual(BUDGET.requests);
    expect.soft(r.domElements, `${r.path}: DOM elements`).toBeLessThanOrEqual(BUDGET.domElements);
  }
});

// End-to-end tier: the production stack (tools/launcher.mjs) driven by Debian's Chromium.
//
//   npx playwright test -c e2e            (from the repository root; `npm test -- --tier e2e` does the same)
//
// Two projects run every journey: `js` (JavaScript on: the enhanced paths) and `nojs` (JavaScript off:
// the plain HTML paths every resident can rely on). Tests tagged @js-only run in `js` only.
//
// The stack is started by `node tools/launcher.mjs --no-build` on its own port (PIT_E2E_PORT, default 3100),
// so it never collides with `npm start` on 3000. It runs what is built: `npm test` (tools/test.mjs) builds
// what is stale before this tier; run `npm run build` first when calling Playwright directly. (Building here
// would run inside Playwright's start-up timeout, and rebuild files under a server another launcher runs.)
// The launcher uses DATABASE_URL / REDIS_URL / QUEUE_PREFIX when they are set, and otherwise its embedded
// PostgreSQL in .data/pg. Outside CI an already running stack on that port is reused.
//
// Before the stack, tools/test/e2e-services.mjs starts the outside world on loopback: an SMTP sink the tests
// read over HTTP (support/mailbox.ts), and FranceConnect- and ProConnect-shaped identity providers whose
// clients return to baseURL. The stack gets SMTP_URL, PUBLIC_URL and FRANCECONNECT_* / PROCONNECT_* for them,
// its own embedded database (PIT_PG_DATABASE=pit_e2e) and a high anonymous submission limit.
//
// Environment: CHROMIUM_PATH (default /usr/bin/chromium), PIT_E2E_PORT (3100), PIT_E2E_SERVICES_PORT (2526:
// SMTP; +1 mailbox, +2 FranceConnect, +3 ProConnect), PIT_E2E_BASE_URL (test a stack that is already running
// elsewhere: no web server is started, and the mailbox, provider and "reçu" journeys fail for want of them), CI.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from '@playwright/test';
import { CHROMIUM_ARGS, chromiumPath } from './support/chromium';
import { servicesEnv, SERVICES_PORT } from './support/services';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '..');
const isCI = /^(1|true|yes)$/i.test(process.env.CI ?? '');
const port = Number(process.env.PIT_E2E_PORT || 3100);
const external = process.env.PIT_E2E_BASE_URL;
const baseURL = external ?? `http://localhost:${port}`;

/** Variables the launcher reads, passed through only when set (unset: the launcher's defaults). */
function passThrough(names: string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of names) {
    const value = process.env[name];
    if (value) out[name] = value;
  }
  return out;
}

export default defineConfig({
  testDir: './tests',
  outputDir: '../test-results/e2e',
  // 2 cores: two workers (one browser each) keep the tier short without starving the stack.
  workers: Number(process.env.PIT_E2E_WORKERS || 2),
  fullyParallel: false,
  forbidOnly: isCI,
  retries: isCI ? 1 : 0,
  timeout: 90_000,
  expect: { timeout: 15_000 },
  reporter: [['list'], ['json', { outputFile: process.env.PLAYWRIGHT_JSON_OUTPUT_NAME ?? path.join(root, 'test-results/e2e-report.json') }]],
  use: {
    baseURL,
    locale: 'fr-FR',
    timezoneId: 'Europe/Paris',
    actionTimeout: 15_000,
    navigationTimeout: 30_000,
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
    launchOptions: { executablePath: chromiumPath(), args: CHROMIUM_ARGS },
  },
  projects: [
    { name: 'js', use: { javaScriptEnabled: true } },
    {
      name: 'nojs',
      use: { javaScriptEnabled: false },
      grepInvert: /@js-only/,
    },
  ],
  webServer: external
    ? undefined
    : [
      {
        command: `node tools/test/e2e-services.mjs --public-url ${baseURL}`,
        cwd: root,
        url: `http://127.0.0.1:${SERVICES_PORT + 1}/health`,
        reuseExistingServer: !isCI,
        timeout: 30_000,
        gracefulShutdown: { signal: 'SIGTERM', timeout: 5_000 },
        stdout: 'ignore',
        stderr: 'pipe',
        env: { PIT_E2E_SERVICES_PORT: String(SERVICES_PORT) },
      },
      {
        command: 'node tools/launcher.mjs --no-build',
        cwd: root,
        // Answers 200 only once the web reaches the API (the form loads communes and themes from it).
        url: `${baseURL}/besoins/nouveau`,
        reuseExistingServer: !isCI,
        // A cold start may initialise PostgreSQL and migrate: be generous on 2 cores.
        timeout: 240_000,
        // SIGTERM lets the launcher stop the apps, then PostgreSQL, cleanly.
        gracefulShutdown: { signal: 'SIGTERM', timeout: 45_000 },
        // The launcher's errors (and the apps' stack traces) go to stderr; its progress lines are dropped.
        stdout: 'ignore',
        stderr: 'pipe',
        env: {
          PORT: String(port),
          ORIGIN: baseURL,
          // Empty: the launcher picks a free port for the API (3001 may be taken by `npm start`).
          API_PORT: process.env.PIT_E2E_API_PORT ?? '',
          PUBLIC_URL: baseURL,
          ...servicesEnv(),
          ANONYMOUS_SUBMISSIONS_PER_HOUR: '100000',
          // No geocoder in the test stack: a closed loopback port, so the address search says it cannot answer.
          GEOCODER_URL: 'http://127.0.0.1:9/geocodage',
          // Photos of the e2e database, apart from npm start's.
          STORAGE_DIR: path.join(root, '.data', 'storage-e2e'),
          // The embedded cluster's e2e database, apart from npm start's `pit` (ignored with DATABASE_URL).
          PIT_PG_DATABASE: 'pit_e2e',
          ...passThrough(['DATABASE_URL', 'REDIS_URL', 'QUEUE_PREFIX']),
        },
      },
    ],
});

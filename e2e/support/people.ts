// People of the mailbox and identity-provider journeys: sign-up and log-in through the web's pages, and
// an administrator made with the real first-admin command (apps/api/dist/admin-create.js).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { expect, type APIRequestContext, type Page, type TestInfo } from '@playwright/test';
import { root, runToken } from './app';

export const PASSWORD = 'une phrase de passe solide';

export interface Person {
  pseudonym: string;
  email: string;
}

/** A person nobody used before (the embedded database is kept between runs). */
export function newPerson(testInfo: TestInfo, tag: string): Person {
  const token = `${runToken(testInfo)}${tag}${Math.random().toString(36).slice(2, 5)}`;
  return { pseudonym: `Habitant ${token}`, email: `${token.toLowerCase()}@example.fr` };
}

export function header(page: Page) {
  return page.getByRole('banner');
}

/** The one-time notice after a redirect. */
export function notice(page: Page) {
  return page.getByRole('main').getByRole('status').first();
}

export async function signUp(page: Page, person: Person, password = PASSWORD): Promise<void> {
  await page.goto('/inscription');
  await page.getByLabel('Pseudonyme').fill(person.pseudonym);
  await page.getByLabel('Adresse électronique').fill(person.email);
  await page.getByLabel('Mot de passe').fill(password);
  await page.getByRole('button', { name: 'Créer mon compte' }).click();
  await expect(page).toHaveURL(/\/compte$/);
}

/** Signs up through the web's form action, without a page (a session that is then thrown away). */
export async function signUpOverHttp(request: APIRequestContext, baseURL: string, person: Person, password = PASSWORD): Promise<void> {
  const response = await request.post('/inscription?/signup', {
    form: { pseudonym: person.pseudonym, email: person.email, password, retour: '' },
    headers: { origin: new URL(baseURL).origin, accept: 'text/html' },
    maxRedirects: 0,
  });
  expect(response.status(), `sign-up of ${person.email}`).toBe(303);
}

/** Fills /connexion's local form (the page must be open). */
export async function logIn(page: Page, person: Person, password = PASSWORD): Promise<void> {
  await page.getByLabel('Adresse électronique').fill(person.email);
  await page.getByLabel('Mot de passe', { exact: true }).fill(password);
  await page.getByRole('button', { name: 'Se connecter' }).click();
}

/**
 * The stack's DATABASE_URL, for the admin command: DATABASE_URL when the tier passed one to the launcher,
 * otherwise the launcher's embedded PostgreSQL (port and database in .data/launcher-<port>.json,
 * credentials in .data/pg), as tools/admin-create.mjs finds it.
 */
export async function stackDatabaseUrl(baseURL: string): Promise<string> {
  if (process.env.DATABASE_URL) return process.env.DATABASE_URL;
  const port = new URL(baseURL).port || '80';
  const state = JSON.parse(fs.readFileSync(path.join(root, '.data', `launcher-${port}.json`), 'utf8')) as { pgPort?: number; pgDatabase?: string };
  if (!state.pgPort) throw new Error(`.data/launcher-${port}.json names no embedded PostgreSQL`);
  const { readCredentials, databaseUrl } = (await import(path.join(root, 'tools/lib/embedded-pg.mjs'))) as {
    readCredentials: (dir: string) => { user: string; password: string };
    databaseUrl: (o: { user: string; password: string; port: number; name: string }) => string;
  };
  return databaseUrl({ ...readCredentials(path.join(root, '.data', 'pg')), port: state.pgPort, name: state.pgDatabase ?? 'pit' });
}

/**
 * An administrator: signs `person` up through the web, then promotes the account with the first-admin
 * command (`node apps/api/dist/admin-create.js --email …`) against the stack's database. The person then
 * logs in with the sign-up password (roles are read at log-in).
 */
export async function makeAdmin(request: APIRequestContext, baseURL: string, person: Person): Promise<void> {
  await signUpOverHttp(request, baseURL, person);
  const env = { ...process.env, DATABASE_URL: await stackDatabaseUrl(baseURL), NODE_ENV: 'production' };
  const run = spawnSync(process.execPath, [path.join(root, 'apps/api/dist/admin-create.js'), '--email', person.email], { cwd: root, env, encoding: 'utf8', timeout: 60_000 });
  expect(run.status, `admin-create: ${run.stdout}\n${run.stderr}`).toBe(0);
  expect(run.stdout).toContain(`Rôle administrateur donné au compte existant : ${person.email}`);
}

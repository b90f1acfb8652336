// Seeding on the stack's database for the journeys of staff: a public need of a commune, and a person
// logged in with a staff role of that commune (roles are read at log-in).
import { randomBytes } from 'node:crypto';
import { expect, type APIRequestContext, type Page, type TestInfo } from '@playwright/test';
import { runToken } from './app';
import { logIn, newPerson, signUpOverHttp } from './people';
import { stackSql as sql } from './sql';

const ALPHABET = '23456789ABCDEFGHJKMNPQRSTVWXYZ';

/** Logs `page` in as a new person holding `role` for the commune `code`. */
export async function logInAsStaff(page: Page, request: APIRequestContext, baseURL: string, testInfo: TestInfo, role: 'agent' | 'mediator', code: string) {
  const person = newPerson(testInfo, role.slice(0, 5));
  await signUpOverHttp(request, baseURL, person);
  await sql(
    baseURL,
    `INSERT INTO role_assignment (person_id, role, authority_id)
     SELECT p.id, $2, a.id FROM person p, authority a WHERE p.email = $1 AND a.kind = 'commune' AND a.code = $3`,
    [person.email, role, code],
  );
  await page.goto('/connexion');
  await logIn(page, person);
  await expect(page).toHaveURL(/\/compte$/);
}

/** A public need of Avrillé ("transmis"), without an author account; its title ends with the run's token. */
export async function seedNeed(baseURL: string, testInfo: TestInfo, title: string): Promise<{ id: string; reference: string }> {
  const reference = `B-${[...randomBytes(6)].map((byte) => ALPHABET[byte % ALPHABET.length]).join('')}`;
  const [row] = await sql<{ id: string }>(
    baseURL,
    `INSERT INTO need (reference, title, description, category_key, commune_code, status, authority_id)
     SELECT $1, $2, 'Le trottoir devant l''école est trop étroit pour les poussettes et les fauteuils.', 'schools', '49015', 'transmitted', a.id
       FROM authority a WHERE a.kind = 'commune' AND a.code = '49015' RETURNING id`,
    [reference, `${title} ${runToken(testInfo)}`],
  );
  return { id: row!.id, reference };
}

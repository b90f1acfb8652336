import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { INestApplicationContext } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { DataSource } from 'typeorm';
import { NeedsRepository } from '@pit/needs';
import { SendDailyDigestJob } from '@pit/notifications/jobs';
import { graphql, signUpResident, startApi, startWorker, waitFor } from '../../../tools/test/harness.js';
import { SmtpSink } from '../../../tools/test/smtp-sink.js';

// Issue 4's acceptance journey, as a new user would live it, through the public GraphQL API with the
// worker running (routing, emails) on real PostgreSQL and a real SMTP server:
// a resident writes a need, is shown two similar needs and supports one of them instead; an
// association backs it; the 50th support makes it "réponse officielle attendue"; its followers get
// one digest email when the daily digest job runs.

const COMMUNE = '49007'; // Angers
const CATEGORY = 'public_transport_cycling';

describe('needs journey: similar needs, support instead, backing, threshold, digest (issue 4)', () => {
  let api: NestFastifyApplication;
  let worker: INestApplicationContext;
  let dataSource: DataSource;
  const mail = new SmtpSink();

  const gql = async <T>(query: string, variables: Record<string, unknown>, token?: string): Promise<T> => {
    const result = await graphql<T>(api, query, variables, { token });
    if (!result.data || result.errors) throw new Error(`GraphQL failed: ${JSON.stringify(result.errors)}`);
    return result.data;
  };

  /** A resident who signed up and confirmed their address from the emailed link. */
  const verifiedResident = async (name: string) => {
    const resident = await signUpResident(api, name);
    const secret = await waitFor(async () => mail.lastToken(resident.email) ?? undefined, { what: `the verification email of ${name}` });
    await gql(`mutation($token: String!) { verifyEmail(token: $token) }`, { token: secret });
    return resident;
  };

  const submitNeed = (token: string, title: string, description: string) =>
    gql<{ submitNeed: { id: string; reference: string } }>(
      `mutation($input: SubmitNeedInput!) { submitNeed(input: $input) { id reference } }`,
      { input: { title, description, categoryKey: CATEGORY, communeCode: COMMUNE, kind: 'NEED' } },
      token,
    ).then((data) => data.submitNeed);

  const participation = (reference: string, token?: string) =>
    gql<{ need: { supportCount: number; backingCount: number; officialAnswerDueAt: string | null; viewerSupports: boolean; backings: Array<{ statement: string }> } }>(
      `query($reference: String!) { need(reference: $reference) { supportCount backingCount officialAnswerDueAt viewerSupports backings { statement } } }`,
      { reference },
      token,
    ).then((data) => data.need);

  beforeAll(async () => {
    await mail.start();
    process.env.SMTP_URL = mail.url;
    process.env.DIGEST_SCHEDULE = 'off';
    api = await startApi();
    worker = await startWorker();
    dataSource = api.get(DataSource);
  });
  afterAll(async () => {
    await worker?.close();
    await api?.close();
    await mail.stop();
    delete process.env.DIGEST_SCHEDULE;
  });

  it('lives the whole journey', async () => {
    // A word of this run only: other test files write needs about buses in Angers in the same database.
    const token = `zq${Date.now().toString(36)}`;
    // Two neighbours already wrote about Sunday buses in Angers; a third need is about something else.
    const neighbour = await verifiedResident('Voisine');
    const sunday = await submitNeed(
      neighbour.token,
      `Des bus le dimanche matin vers le marché ${token}`,
      'Le dimanche matin il n’y a presque aucun bus pour aller au marché de la Doutre : il faudrait plus de passages.',
    );
    const evening = await submitNeed(
      neighbour.token,
      `Plus de bus le dimanche soir ${token}`,
      'Le dimanche soir les bus s’arrêtent trop tôt pour rentrer du centre-ville en transport en commun.',
    );
    const compost = await submitNeed(neighbour.token, 'Un composteur collectif au square', 'Les habitants du quartier voudraient un composteur collectif dans le square près de l’école.');
    await waitFor(
      async () => {
        const [row] = await dataSource.query(`SELECT count(*)::int AS n FROM need WHERE id = ANY($1) AND status = 'transmitted'`, [[sunday.id, evening.id]]);
        return row.n === 2 ? true : undefined;
      },
      { what: 'the two needs to be routed' },
    );

    // A new resident starts writing a similar need and is shown the two similar ones, not the compost.
    const resident = await verifiedResident('Nouvelle');
    const { similarNeeds } = await gql<{ similarNeeds: Array<{ reference: string }> }>(
      `query($title: String!, $description: String, $communeCode: String) { similarNeeds(title: $title, description: $description, communeCode: $communeCode) { reference } }`,
      { title: `Bus le dimanche ${token}`, description: 'Il manque des bus le dimanche pour aller au marché.', communeCode: COMMUNE },
      resident.token,
    );
    // At most 5, these two first (same commune, closest), never the compost.
    const shown = similarNeeds.map((need) => need.reference);
    expect(shown.length).toBeLessThanOrEqual(5);
    expect(shown.slice(0, 2).sort()).toEqual([sunday.reference, evening.reference].sort());
    expect(shown).not.toContain(compost.reference);

    // "C'est mon besoin aussi": she supports the Sunday-morning need instead of writing hers, and follows it.
    await gql(`mutation($needId: ID!) { supportNeed(needId: $needId) { supportCount } }`, { needId: sunday.id }, resident.token);
    await gql(`mutation($needId: ID!) { followNeed(needId: $needId) { viewerFollows } }`, { needId: sunday.id }, resident.token);
    const [{ n: herNeeds }] = await dataSource.query(`SELECT count(*)::int AS n FROM need n JOIN person p ON p.id = n.author_id WHERE p.pseudonym = $1`, [resident.pseudonym]);
    expect(herNeeds).toBe(0);
    expect(await participation(sunday.reference, resident.token)).toMatchObject({ supportCount: 1, viewerSupports: true, officialAnswerDueAt: null });

    // An association, verified by an admin, backs it with a statement; it is shown apart from supports.
    const president = await verifiedResident('Présidente');
    const { createOrganisation } = await gql<{ createOrganisation: { id: string } }>(
      `mutation($input: CreateOrganisationInput!) { createOrganisation(input: $input) { id } }`,
      { input: { name: 'Association des usagers du tram', kind: 'ASSOCIATION', identifierType: 'NONE' } },
      president.token,
    );
    const admin = await signUpResident(api, 'Admin');
    await dataSource.query(`INSERT INTO role_assignment (person_id, role) SELECT id, 'admin' FROM person WHERE email = $1`, [admin.email]);
    await gql(`mutation($id: ID!) { verifyOrganisation(organisationId: $id) { id } }`, { id: createOrganisation.id }, admin.token);
    await gql(
      `mutation($input: BackNeedInput!) { backNeed(input: $input) { backingCount } }`,
      { input: { needId: sunday.id, organisationId: createOrganisation.id, statement: 'Nos adhérents le demandent depuis longtemps.' } },
      president.token,
    );
    const backed = await participation(sunday.reference);
    expect(backed).toMatchObject({ supportCount: 1, backingCount: 1, backings: [{ statement: 'Nos adhérents le demandent depuis longtemps.' }] });

    // A second follower; then supports up to 49 (the backing does not count toward the threshold of 50).
    const follower = await verifiedResident('Suiveur');
    await gql(`mutation($needId: ID!) { followNeed(needId: $needId) { viewerFollows } }`, { needId: sunday.id }, follower.token);
    const supporters = await Promise.all(Array.from({ length: 49 }, (_, i) => signUpResident(api, `Soutien ${i}`)));
    for (const supporter of supporters.slice(0, 48)) {
      await gql(`mutation($needId: ID!) { supportNeed(needId: $needId) { supportCount } }`, { needId: sunday.id }, supporter.token);
    }
    expect(await participation(sunday.reference)).toMatchObject({ supportCount: 49, officialAnswerDueAt: null });

    // The 50th support: "réponse officielle attendue", due 60 days later (the default delay).
    const before = Date.now();
    const fiftieth = await gql<{ supportNeed: { supportCount: number; officialAnswerDueAt: string | null } }>(
      `mutation($needId: ID!) { supportNeed(needId: $needId) { supportCount officialAnswerDueAt } }`,
      { needId: sunday.id },
      supporters[48]!.token,
    );
    expect(fiftieth.supportNeed.supportCount).toBe(50);
    const due = new Date(fiftieth.supportNeed.officialAnswerDueAt!).getTime();
    const sixtyDays = 60 * 24 * 3600 * 1000;
    expect(due).toBeGreaterThanOrEqual(before + sixtyDays - 1000);
    expect(due).toBeLessThanOrEqual(Date.now() + sixtyDays + 1000);
    expect((await participation(sunday.reference)).officialAnswerDueAt).toBe(fiftieth.supportNeed.officialAnswerDueAt);

    // The commune starts studying it (the back office is issue 5: the status change is recorded the
    // way every status change is). Followers are on the daily digest by default: nothing yet.
    await dataSource.transaction((manager) => api.get(NeedsRepository).insertStatusChange(manager, sunday.id, 'under_study', 'La ville étudie les horaires du dimanche.'));
    const digestsOf = (email: string) => mail.to(email).filter((message) => message.subject.startsWith('Votre résumé du jour'));
    await waitFor(
      async () => {
        const [row] = await dataSource.query(
          `SELECT count(*)::int AS n FROM notification n JOIN person p ON p.id = n.person_id WHERE p.email = ANY($1)`,
          [[resident.email, follower.email]],
        );
        return row.n >= 2 ? true : undefined;
      },
      { what: 'the status change to be fanned out to the followers' },
    );
    expect(digestsOf(resident.email)).toEqual([]);
    expect(digestsOf(follower.email)).toEqual([]);

    // The daily digest job runs (triggered here): each follower receives exactly one digest.
    await worker.get(SendDailyDigestJob).handle({});
    for (const person of [resident, follower]) {
      const digests = digestsOf(person.email);
      expect(digests).toHaveLength(1);
      expect(digests[0]!.text).toContain(`- Le besoin « Des bus le dimanche matin vers le marché ${token} » (${sunday.reference}) est maintenant : en étude.`);
      expect(digests[0]!.text).toContain('/notifications/desinscription?jeton=');
    }
    // Running it again the same day sends nothing more.
    await worker.get(SendDailyDigestJob).handle({});
    expect(digestsOf(resident.email)).toHaveLength(1);
    expect(digestsOf(follower.email)).toHaveLength(1);
  });
});

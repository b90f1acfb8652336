import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { DataSource } from 'typeorm';
import { NeedsRepository } from '@pit/needs';
import { RouteNeedJob } from '@pit/needs/jobs';
import { TerritoryService } from '@pit/territory';
import { accountsWithRoles, DESCRIPTION, graphql, startApi } from '../../../tools/test/harness.js';

// Issue 5 item 3: admins edit the routing rules (category × EPCI, optional commune). Edits apply to
// needs routed afterwards; a past routing keeps the level, authority and sentence of its time.
// Files share one database: every rule this file writes is put back as it was in afterAll.

const RULE = 'id level sentence toVerify category { key } epci { code name } commune { code name } externalAuthority { code }';
const RULES = /* GraphQL */ `query($e: String, $c: String, $t: String) { routingRules(epciCode: $e, categoryKey: $c, themeKey: $t) { ${RULE} } }`;
const SAVE = /* GraphQL */ `mutation($i: SaveRoutingRuleInput!) { saveRoutingRule(input: $i) { ${RULE} } }`;
const DELETE = /* GraphQL */ `mutation($id: ID!) { deleteRoutingRule(id: $id) }`;
const PUBLIC_NEED = /* GraphQL */ `query($r: String!) { need(reference: $r) { routing { level authority { name } reason } routings { level authority { name } reason kind } } }`;
const REQUALIFY = /* GraphQL */ `mutation($r: String!, $i: RequalifyNeedInput!) { requalifyNeed(reference: $r, input: $i) { routing { level authority { name } kind } } }`;

const ALM = '244900015';
const ANJOU_LOIR_SARTHE = '200068955';
type Result<T> = { data?: T | null; errors?: Array<{ message: string; extensions?: { code?: string; fields?: Array<{ field: string; message: string }> } }> };
interface Rule {
  id: string;
  level: string;
  sentence: string;
  toVerify: boolean;
  category: { key: string };
  epci: { code: string; name: string };
  commune: { code: string; name: string } | null;
  externalAuthority: { code: string } | null;
}

describe('routing rules edited by admins: listed, validated, audited, applied to new needs only', () => {
  let api: NestFastifyApplication;
  let dataSource: DataSource;
  let tokens = {} as Record<'author' | 'agentAlm' | 'admin', string>;
  let ids = {} as Record<keyof typeof tokens, string>;
  let snapshot: Array<Record<string, unknown>> = [];

  const save = (input: Record<string, unknown>, token = tokens.admin) => graphql<{ saveRoutingRule: Rule }>(api, SAVE, { i: input }, { token }) as Promise<Result<{ saveRoutingRule: Rule }>>;
  const rules = async (variables: Record<string, string>) => (await graphql<{ routingRules: Rule[] }>(api, RULES, variables, { token: tokens.admin })).data!.routingRules;
  const fields = (result: Result<unknown>) => result.errors?.[0]?.extensions?.fields?.map((error) => error.field);
  /** Submits a need and runs the route-need job on it. */
  const routedNeed = async (categoryKey: string, communeCode: string, title: string) => {
    const result = await graphql<{ submitNeed: { id: string; reference: string } }>(
      api,
      `mutation($i: SubmitNeedInput!) { submitNeed(input: $i) { id reference } }`,
      { i: { title, description: DESCRIPTION, categoryKey, communeCode } },
      { token: tokens.author },
    );
    const need = result.data!.submitNeed;
    await new RouteNeedJob(dataSource, api.get(NeedsRepository), api.get(TerritoryService)).handle({ needId: need.id }, { jobId: `test-${need.id}`, attempt: 1 });
    return need;
  };
  const publicRouting = async (reference: string) => (await graphql<{ need: { routing: { level: string; authority: { name: string }; reason: string }; routings: unknown[] } }>(api, PUBLIC_NEED, { r: reference })).data!.need;

  beforeAll(async () => {
    api = await startApi();
    dataSource = api.get(DataSource);
    snapshot = await dataSource.query(`SELECT * FROM routing_rule ORDER BY id`);
    const [alm] = await dataSource.query(`SELECT id FROM authority WHERE kind = 'epci' AND code = $1`, [ALM]);
    ({ ids, tokens } = await accountsWithRoles(api, 'Règles', { author: null, agentAlm: { role: 'agent', authorityId: alm.id }, admin: { role: 'admin' } }));
  });
  afterAll(async () => {
    // Put the seeded rules back for the files that run next on the same database.
    await dataSource?.transaction(async (manager) => {
      await manager.query(`UPDATE need_routing SET rule_id = NULL WHERE rule_id IS NOT NULL AND rule_id <> ALL($1::uuid[])`, [snapshot.map((rule) => rule.id)]);
      await manager.query(`DELETE FROM routing_rule WHERE id <> ALL($1::uuid[])`, [snapshot.map((rule) => rule.id)]);
      for (const rule of snapshot) {
        await manager.query(
          `UPDATE routing_rule SET category_key = $2, epci_id = $3, commune_code = $4, level = $5, external_authority_id = $6, reason_template = $7, to_verify = $8 WHERE id = $1`,
          [rule.id, rule.category_key, rule.epci_id, rule.commune_code, rule.level, rule.external_authority_id, rule.reason_template, rule.to_verify],
        );
      }
    });
    api?.get(TerritoryService).invalidate();
    await api?.close();
  });

  it('lists the rules of an EPCI by theme and category for admins only', async () => {
    const waste = await rules({ e: ALM, c: 'waste_collection' });
    expect(waste.map(({ level, sentence, commune, epci, toVerify }) => ({ level, sentence, commune, epci: epci.name, toVerify }))).toEqual([
      { level: 'EPCI', sentence: 'La collecte des déchets relève {de_autorite}.', commune: null, epci: 'Angers Loire Métropole', toVerify: false },
    ]);
    const theme = await rules({ e: ALM, t: 'waste' });
    expect(theme.map((rule) => `${rule.epci.code} ${rule.category.key}`)).toContain(`${ALM} waste_collection`);
    expect(theme.every((rule) => rule.epci.code === ALM)).toBe(true);
    const denied = await graphql(api, RULES, { e: ALM }, { token: tokens.agentAlm });
    expect(denied.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const anonymous = await graphql(api, RULES, { e: ALM });
    expect(anonymous.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('refuses a rule naming each field at fault, and writes nothing', async () => {
    const before = await dataSource.query(`SELECT count(*)::int AS n FROM routing_rule`);
    expect(fields(await save({ categoryKey: 'inconnue', epciCode: '000000000', level: 'EPCI', sentence: 'Court' }))).toEqual(['categoryKey', 'epciCode', 'sentence']);
    expect(fields(await save({ categoryKey: 'roads', epciCode: ALM, communeCode: '99999', level: 'COMMUNE', sentence: 'La voirie relève {de_autorite}.' }))).toEqual(['communeCode']);
    // Tiercé is in the Communauté de communes Anjou Loir et Sarthe, not in Angers Loire Métropole.
    const outside = await save({ categoryKey: 'roads', epciCode: ALM, communeCode: '49347', level: 'COMMUNE', sentence: 'La voirie relève {de_autorite}.' });
    expect(outside.errors?.[0]?.extensions?.fields).toEqual([{ field: 'communeCode', message: 'Tiercé n’est pas dans Angers Loire Métropole.' }]);
    // The EPCI-wide rule of waste collection in ALM exists: modify it instead.
    expect(fields(await save({ categoryKey: 'waste_collection', epciCode: ALM, level: 'COMMUNE', sentence: 'La collecte relève {de_autorite}.' }))).toEqual(['categoryKey']);
    expect(fields(await save({ categoryKey: 'roads', epciCode: ALM, communeCode: '49015', level: 'EXTERNAL', sentence: 'La voirie relève {de_autorite}.' }))).toEqual(['externalAuthorityId']);
    expect(fields(await save({ categoryKey: 'roads', epciCode: ALM, level: 'EPCI', sentence: 'La voirie relève {du_maire}.' }))).toEqual(['sentence']);
    expect(fields(await save({ id: '00000000-0000-4000-8000-000000000000', categoryKey: 'roads', epciCode: ALM, level: 'EPCI', sentence: 'La voirie relève {de_autorite}.' }))).toEqual(['id']);
    expect(await dataSource.query(`SELECT count(*)::int AS n FROM routing_rule`)).toEqual(before);
    // Agents may not edit the rules.
    const denied = await save({ categoryKey: 'roads', epciCode: ALM, communeCode: '49015', level: 'COMMUNE', sentence: 'La voirie relève {de_autorite}.' }, tokens.agentAlm);
    expect(denied.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });

  it('applies a new commune rule to needs routed afterwards; the earlier routing keeps its level, authority and sentence; audited', async () => {
    // Street lighting in Tiercé: the EPCI-wide rule of Anjou Loir et Sarthe.
    const earlier = await routedNeed('street_lighting', '49347', 'Le lampadaire de la place est éteint');
    const routedBefore = await publicRouting(earlier.reference);
    expect(routedBefore.routing).toEqual({ level: 'COMMUNE', authority: { name: 'Tiercé' }, reason: "L'éclairage public relève de la commune de Tiercé." });
    const created = await save({ categoryKey: 'street_lighting', epciCode: ANJOU_LOIR_SARTHE, communeCode: '49347', level: 'POLE', sentence: 'À Tiercé, l’éclairage public relève {de_autorite} (règle de test).' });
    expect(created.errors).toBeUndefined();
    expect(created.data!.saveRoutingRule).toMatchObject({ level: 'POLE', commune: { code: '49347', name: 'Tiercé' }, epci: { code: ANJOU_LOIR_SARTHE }, toVerify: false });
    const ruleId = created.data!.saveRoutingRule.id;

    const later = await routedNeed('street_lighting', '49347', 'Le lampadaire de la rue haute clignote');
    const [pole] = await dataSource.query(`SELECT name FROM authority WHERE kind = 'pole'`);
    expect((await publicRouting(later.reference)).routing).toMatchObject({ level: 'POLE', authority: { name: pole.name } });
    expect((await publicRouting(later.reference)).routing.reason).toContain('(règle de test)');
    expect(await publicRouting(earlier.reference)).toEqual(routedBefore);

    // Editing the rule again does not rewrite the routing it produced.
    const edited = await save({ id: ruleId, categoryKey: 'street_lighting', epciCode: ANJOU_LOIR_SARTHE, communeCode: '49347', level: 'EPCI', sentence: 'À Tiercé, l’éclairage est confié à l’intercommunalité : {de_autorite}.' });
    expect(edited.data!.saveRoutingRule).toMatchObject({ id: ruleId, level: 'EPCI' });
    const laterRouting = await publicRouting(later.reference);
    expect(laterRouting.routing).toMatchObject({ level: 'POLE', authority: { name: pole.name } });
    expect(laterRouting.routing.reason).toContain('(règle de test)');
    const third = await routedNeed('street_lighting', '49347', 'Trois lampadaires éteints près de l’école');
    expect((await publicRouting(third.reference)).routing).toMatchObject({ level: 'EPCI', authority: { name: 'Communauté de communes Anjou Loir et Sarthe' } });

    // Deleting it: past routings stay (their rule_id becomes null), new needs fall back to the EPCI-wide rule.
    const deleted = await graphql<{ deleteRoutingRule: boolean }>(api, DELETE, { id: ruleId }, { token: tokens.admin });
    expect(deleted.data).toEqual({ deleteRoutingRule: true });
    expect((await publicRouting(third.reference)).routing).toMatchObject({ level: 'EPCI', authority: { name: 'Communauté de communes Anjou Loir et Sarthe' } });
    expect(await publicRouting(earlier.reference)).toEqual(routedBefore);
    const fourth = await routedNeed('street_lighting', '49347', 'Le lampadaire du stade reste allumé');
    expect((await publicRouting(fourth.reference)).routing).toEqual({ level: 'COMMUNE', authority: { name: 'Tiercé' }, reason: "L'éclairage public relève de la commune de Tiercé." });
    expect(await dataSource.query(`SELECT count(*)::int AS n FROM need_routing WHERE need_id = ANY($1::uuid[]) AND rule_id IS NULL`, [[later.id, third.id]])).toEqual([{ n: 2 }]);

    const audit = await dataSource.query(`SELECT actor_id, action, before, after FROM audit_entry WHERE subject_type = 'routing_rule' AND subject_id = $1 ORDER BY created_at, id`, [ruleId]);
    expect(audit.map((entry: { action: string }) => entry.action)).toEqual(['routing_rule.create', 'routing_rule.update', 'routing_rule.delete']);
    expect(audit.every((entry: { actor_id: string }) => entry.actor_id === ids.admin)).toBe(true);
    expect(audit[0]).toMatchObject({ before: null, after: { categoryKey: 'street_lighting', communeCode: '49347', level: 'P' } });
    expect(audit[1]).toMatchObject({ before: { level: 'P' }, after: { level: 'E', sentence: 'À Tiercé, l’éclairage est confié à l’intercommunalité : {de_autorite}.' } });
    expect(audit[2]).toMatchObject({ before: { level: 'E', communeCode: '49347' }, after: null });
    expect(await graphql(api, DELETE, { id: ruleId }, { token: tokens.admin })).toMatchObject({ errors: [{ extensions: { code: 'BAD_USER_INPUT', fields: [{ field: 'id' }] } }] });
  });

  it('after rule edits, an ALM agent still requalifies "déchets" to green spaces and the need moves to the commune', async () => {
    // Edits elsewhere in ALM: a commune rule for Angers' waste collection, the roads sentence reworded.
    const angers = await save({ categoryKey: 'waste_collection', epciCode: ALM, communeCode: '49007', level: 'COMMUNE', sentence: 'À Angers, la collecte relève {de_autorite} (règle de test).' });
    expect(angers.errors).toBeUndefined();
    const [roads] = await rules({ e: ALM, c: 'roads' });
    const reworded = await save({ id: roads!.id, categoryKey: 'roads', epciCode: ALM, level: roads!.level, sentence: `${roads!.sentence} (reformulée)` });
    expect(reworded.errors).toBeUndefined();

    const need = await routedNeed('waste_collection', '49015', 'Les bacs de tri débordent près du square');
    expect((await publicRouting(need.reference)).routing).toMatchObject({ level: 'EPCI', authority: { name: 'Angers Loire Métropole' } });
    const result = await graphql<{ requalifyNeed: { routing: unknown } }>(
      api,
      REQUALIFY,
      { r: need.reference, i: { categoryKey: 'parks_playgrounds_trees', reason: 'Ce sont les arbres du square : la commune entretient ses parcs.' } },
      { token: tokens.agentAlm },
    );
    expect(result.errors).toBeUndefined();
    expect(result.data!.requalifyNeed.routing).toEqual({ level: 'COMMUNE', authority: { name: 'Avrillé' }, kind: 'requalification' });
    const seen = await publicRouting(need.reference);
    expect(seen.routings).toEqual([
      { level: 'EPCI', authority: { name: 'Angers Loire Métropole' }, reason: 'La collecte des déchets relève de la communauté urbaine Angers Loire Métropole.', kind: 'initial' },
      { level: 'COMMUNE', authority: { name: 'Avrillé' }, reason: expect.stringContaining('Les parcs, les aires de jeux et les arbres relèvent'), kind: 'requalification' },
    ]);
  });
});

#!/usr/bin/env node
// Benchmark data: needs, supports and comments across the 65 communes, loaded with COPY, reproducible from a seed.
//
//   node bench/generate.mjs --needs 1m --supports 10m --comments 100k --seed 42 [--persons 200k] [--db pit_bench_1m]
//   node bench/generate.mjs --needs 10k --supports 100k --comments 1k --seed 42            (→ pit_bench_10k)
//
// Needs the server build (`flock /tmp/pit-build.lock node tools/build.mjs --only server`): the database
// (default pit_bench_<size>, on BENCH_PG_URL or the local PostgreSQL) is dropped, created and migrated by
// apps/api/dist/migrate.js, which also seeds the territory (communes, EPCIs, authorities, routing rules).
// Then, all with COPY FROM STDIN:
// - persons: pseudonymous residents (Habitant…, no email), authors and supporters;
// - needs: a commune drawn by population, a category, a kind and structure fields, a French title and
//   description; routed as route-need does (the routing rule of (category, commune), its authority and
//   sentence: one need_routing row, current_routing_id, authority_id, the first-answer clock), then moved
//   along the status workflow (need_status_change rows: reçu, transmis or hors compétence, then answers);
// - supports: a heavy-tailed count per need (a few needs draw thousands), distinct persons, never the
//   author; need_support_tally shards holding exactly the count of the need's support rows; a
//   need_engagement row when the count reached the default threshold;
// - comments: threads (a top-level comment and replies) on random needs.
// Secondary indexes and foreign keys of those tables are dropped before the load and created again after
// (the foreign keys are validated then), then VACUUM ANALYZE. Duration and rows/s go to
// bench/results/generate-<size>.json.
import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import cliProgress from 'cli-progress';
import { AFFECTED_GROUPS, NEED_FREQUENCIES, PEOPLE_RANGES, REFERENCE_ALPHABET, REFERENCE_LENGTH, REFERENCE_PREFIX } from '@pit/domain';
import { fillReason } from '@pit/territory';
import { seeded } from './lib/random.mjs';
import { benchDatabase, databaseUrl, freshDatabase } from './lib/db.mjs';
import { parseArgs, sizeLabel, writeResults } from './lib/results.mjs';

const args = parseArgs(process.argv.slice(2), { needs: 10_000, supports: 0, comments: 0, persons: 0, seed: 42, db: '', quiet: false });
const NEEDS = args.needs;
const SUPPORTS = args.supports || NEEDS * 10;
const COMMENTS = args.comments || Math.round(NEEDS / 10);
const PERSONS = args.persons || Math.max(2000, Math.round(NEEDS / 5));
const LABEL = sizeLabel(NEEDS);
const DB = args.db || benchDatabase(LABEL);
const SHARDS = 16; // TALLY_SHARDS of ParticipationService
const THRESHOLD = 50; // DEFAULT_SUPPORT_THRESHOLD (no authority_participation rows here)
const ANSWER_DELAY_DAYS = 60; // DEFAULT_ANSWER_DELAY_DAYS
const FIRST_ANSWER_DAYS = 30; // DEFAULT_FIRST_ANSWER_DAYS
const MAX_SUPPORTS_PER_NEED = Math.min(PERSONS - 1, 20_000);
// Fixed dates (not now()) so that a seed always gives the same rows: three years of needs up to END.
const END = Date.UTC(2026, 10, 1);
const SPAN = 3 * 365 * 86_400_000;
const DAY = 86_400_000;
const TABLES = ['person', 'need', 'need_routing', 'need_status_change', 'need_support', 'need_support_tally', 'need_engagement', 'comment'];

const root = seeded(args.seed);
const iso = (ms) => new Date(ms).toISOString();
const NULL = '\\N';

// --- Words ------------------------------------------------------------------------------------------
const OPENINGS = ['Besoin de', 'Demande de', 'Il manque', 'Améliorer', 'Sécuriser', 'Rénover', 'Créer', 'Entretenir', 'Réparer', 'Adapter', 'Développer', 'Renforcer'];
const PLACES = [
  'près de l’école', 'rue de la Mairie', 'au centre-bourg', 'place de l’Église', 'quartier de la gare', 'avenue Jean-Jaurès', 'près du collège',
  'route de Paris', 'chemin des Vignes', 'au bord de la Maine', 'près de la salle des fêtes', 'rue Pasteur', 'allée des Tilleuls', 'au lotissement des Prés',
  'boulevard Foch', 'près du marché', 'rue Victor-Hugo', 'au rond-point', 'près de la médiathèque', 'quartier Monplaisir',
];
const SENTENCES = [
  'Depuis plusieurs mois la situation se dégrade et les habitants s’en plaignent régulièrement.',
  'Les enfants passent par là tous les matins pour aller à l’école.',
  'Les personnes âgées du quartier ont du mal à se déplacer.',
  'Nous avons déjà signalé le problème en mairie sans réponse.',
  'Le soir, l’endroit est mal éclairé et peu rassurant.',
  'Les familles du lotissement seraient nombreuses à en profiter.',
  'Une solution simple serait d’installer un équipement adapté.',
  'Le problème revient à chaque épisode de pluie.',
  'Les commerçants de la rue sont aussi concernés.',
  'Il faudrait prévoir des horaires plus larges le samedi.',
  'Plusieurs voisins sont prêts à participer à une réunion.',
  'La circulation des vélos y est dangereuse aux heures de pointe.',
  'Les poubelles débordent souvent en fin de semaine.',
  'Un accès pour les personnes en fauteuil manque toujours.',
  'Les jeunes n’ont aucun lieu pour se retrouver le mercredi.',
  'Le bruit la nuit empêche de dormir les riverains.',
  'Les trottoirs sont encombrés et étroits.',
  'Un arbre menace de tomber après la dernière tempête.',
  'Les démarches en ligne sont difficiles pour beaucoup d’entre nous.',
  'La navette ne passe plus qu’une fois par heure.',
];
const COMMENT_SENTENCES = [
  'Je confirme, c’est pareil de notre côté.',
  'Merci pour ce signalement, nous sommes nombreux à attendre une solution.',
  'J’habite à côté et le problème est réel.',
  'Une réunion publique serait utile.',
  'La mairie a répondu qu’une étude est en cours.',
  'Bonne idée, je soutiens.',
  'Avez-vous des photos de la situation ?',
  'Ça s’est amélioré depuis la semaine dernière.',
  'Attention à ne pas oublier les personnes âgées.',
  'Même constat près de chez moi.',
];
const ANSWERS = {
  under_study: 'Votre demande est à l’étude par nos services.',
  accepted: 'Nous retenons votre demande : elle sera programmée.',
  planned: 'Les travaux sont planifiés pour le prochain trimestre.',
  in_progress: 'Les travaux ont commencé.',
  done: 'C’est fait : merci de votre signalement.',
  refused: 'Nous ne pouvons pas donner suite : le budget de cette année est engagé.',
  withdrawn: 'Retiré par son auteur.',
};
// Status paths after the routing (transmis), with their weights; hors compétence (level X) stops at routing.
const PATHS = [
  [25, []],
  [18, ['under_study']],
  [9, ['under_study', 'accepted']],
  [7, ['under_study', 'accepted', 'planned']],
  [9, ['under_study', 'accepted', 'in_progress']],
  [14, ['under_study', 'accepted', 'in_progress', 'done']],
  [8, ['under_study', 'refused']],
  [4, ['refused']],
  [3, ['withdrawn']],
];
const PATH_CUMULATIVE = PATHS.reduce((acc, [w]) => [...acc, (acc.at(-1) ?? 0) + w], []);

// --- COPY ---------------------------------------------------------------------------------------------
let bar = null;
let written = 0;
let barStarted = 0;
function progress(n) {
  written += n;
  if (bar) bar.update(written, { rate: Math.round(written / Math.max((performance.now() - barStarted) / 1000, 0.001)) });
}

/** COPY `table (columns)` from the lines yielded by `rows` (COPY text format), in ~256 kB chunks. */
async function copy(client, table, columns, rows) {
  let count = 0;
  async function* chunks() {
    let buffer = [];
    let size = 0;
    for (const line of rows()) {
      buffer.push(line);
      size += line.length;
      count++;
      if (size > 256_000) {
        progress(buffer.length);
        yield buffer.join('\n') + '\n';
        buffer = [];
        size = 0;
        // Let timers run (the progress bar's redraw) when the socket never pushes back.
        await new Promise((resolve) => setImmediate(resolve));
      }
    }
    if (buffer.length) {
      progress(buffer.length);
      yield buffer.join('\n') + '\n';
    }
  }
  await pipeline(Readable.from(chunks()), client.query(copyFrom(`COPY ${table} (${columns.join(', ')}) FROM STDIN`)));
  return count;
}

const text = (value) => (value === null || value === undefined ? NULL : String(value).replace(/\\/g, '\\\\').replace(/\t/g, '\\t').replace(/\n/g, '\\n'));
const array = (values) => `{${values.join(',')}}`;

// --- Main ---------------------------------------------------------------------------------------------
const phases = {};
async function phase(name, run) {
  const started = performance.now();
  const result = await run();
  phases[name] = { seconds: Number(((performance.now() - started) / 1000).toFixed(2)), ...(typeof result === 'object' ? result : {}) };
  if (!bar) console.log(`${name}: ${phases[name].seconds} s`);
  return result;
}

const startedAt = performance.now();
console.log(`generating ${DB}: ${NEEDS} needs, ${SUPPORTS} supports, ${COMMENTS} comments, ${PERSONS} persons, seed ${args.seed}`);
await phase('create and migrate', () => freshDatabase(DB));
const client = new pg.Client({ connectionString: databaseUrl(DB) });
await client.connect();
await client.query(`SET synchronous_commit = off; SET maintenance_work_mem = '512MB'`);

// Territory as seeded, and the routing decision of every (category, commune): TerritoryRepository.matchRule for all pairs.
const communes = (await client.query(`SELECT code, COALESCE(population, 1000) AS population FROM commune ORDER BY code`)).rows;
const categoryRows = (await client.query(`SELECT key, label FROM category ORDER BY key`)).rows;
const categories = categoryRows.map((row) => row.key);
// "Éclairage public" → "éclairage public" in a title; the first part of "Collecte, tri, déchèteries".
const categoryWords = categoryRows.map((row) => row.label.split(/[,(]/)[0].trim().replace(/^./, (c) => c.toLowerCase()));
const decisions = new Map();
for (const row of (
  await client.query(
    `SELECT c.code, cat.key AS category, m.*
       FROM commune c CROSS JOIN category cat
       CROSS JOIN LATERAL (
         SELECT r.id AS rule_id, r.level, r.reason_template, a.id AS authority_id, a.phrase_de AS "phraseDe", a.phrase_a AS "phraseA"
           FROM routing_rule r
           JOIN authority a ON a.id = CASE r.level WHEN 'C' THEN c.authority_id WHEN 'E' THEN c.epci_id
                                                   WHEN 'P' THEN (SELECT id FROM authority WHERE kind = 'pole' LIMIT 1) ELSE r.external_authority_id END
          WHERE r.category_key = cat.key AND r.epci_id = c.epci_id AND (r.commune_code IS NULL OR r.commune_code = c.code)
          ORDER BY r.commune_code NULLS LAST LIMIT 1) m`,
  )
).rows) {
  decisions.set(`${row.category}|${row.code}`, { ruleId: row.rule_id, level: row.level, authorityId: row.authority_id, reason: fillReason(row.reason_template, row) });
}
if (communes.length !== 65 || decisions.size !== communes.length * categories.length) {
  throw new Error(`territory not as expected: ${communes.length} communes, ${decisions.size} routing decisions for ${categories.length} categories`);
}
const communeCumulative = communes.reduce((acc, c) => [...acc, (acc.at(-1) ?? 0) + Number(c.population)], []);

// Foreign keys and secondary indexes of the loaded tables: dropped now, created again after the load.
const deferred = await phase('drop indexes', async () => {
  const { rows: fks } = await client.query(
    `SELECT conrelid::regclass::text AS tbl, conname, pg_get_constraintdef(oid) AS def FROM pg_constraint
      WHERE contype = 'f' AND conrelid::regclass::text = ANY($1)`,
    [TABLES],
  );
  // Primary keys no foreign key points at (need_support, need_support_tally…): a sort-based build afterwards is much faster.
  const { rows: keys } = await client.query(
    `SELECT k.conrelid::regclass::text AS tbl, k.conname, pg_get_constraintdef(k.oid) AS def FROM pg_constraint k
      WHERE k.contype IN ('p', 'u') AND k.conrelid::regclass::text = ANY($1)
        AND NOT EXISTS (SELECT 1 FROM pg_constraint f WHERE f.contype = 'f' AND f.confrelid = k.conrelid)`,
    [TABLES],
  );
  const { rows: indexes } = await client.query(
    `SELECT i.indexrelid::regclass::text AS name, pg_get_indexdef(i.indexrelid) AS def FROM pg_index i
      WHERE i.indrelid::regclass::text = ANY($1) AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid)`,
    [TABLES],
  );
  for (const fk of fks) await client.query(`ALTER TABLE ${fk.tbl} DROP CONSTRAINT "${fk.conname}"`);
  for (const key of keys) await client.query(`ALTER TABLE ${key.tbl} DROP CONSTRAINT "${key.conname}"`);
  for (const index of indexes) await client.query(`DROP INDEX ${index.name}`);
  return { fks, keys, indexes };
});

const totalRows = { value: 0 };
if (!args.quiet) {
  bar = new cliProgress.SingleBar(
    { format: ' {bar} {percentage}% | {value}/{total} rows | {rate} rows/s | {table}', noTTYOutput: true, notTTYSchedule: 10_000, etaBuffer: 50 },
    cliProgress.Presets.shades_classic,
  );
}

// Persons
const persons = Array.from({ length: PERSONS }, () => null);
const personRandom = root.stream(1);
for (let i = 0; i < PERSONS; i++) persons[i] = personRandom.uuid();

// Needs: small per-need state kept for the later tables.
const needIds = new Array(NEEDS);
const needCreated = new Float64Array(NEEDS);
const needAuthor = new Int32Array(NEEDS);
const needCommune = new Uint8Array(NEEDS);
const needCategory = new Uint8Array(NEEDS);
const needPath = new Uint8Array(NEEDS);
const routingIds = new Array(NEEDS);
const needRandom = root.stream(2);
const references = new Set();
for (let i = 0; i < NEEDS; i++) {
  needIds[i] = needRandom.uuid();
  routingIds[i] = needRandom.uuid();
  // Ascending creation dates: a day's needs at random minutes, oldest first.
  needCreated[i] = END - SPAN + Math.floor(((i + needRandom.next()) / NEEDS) * SPAN);
  needAuthor[i] = needRandom.int(PERSONS);
  needCommune[i] = needRandom.weighted(communeCumulative);
  needCategory[i] = needRandom.int(categories.length);
  needPath[i] = needRandom.weighted(PATH_CUMULATIVE);
}
const decisionOf = (i) => decisions.get(`${categories[needCategory[i]]}|${communes[needCommune[i]].code}`);
const routedAt = (i) => needCreated[i] + 60_000 + (i % 600) * 1000; // route-need runs within minutes
/** The statuses after routing: [status, at, note]; hors compétence when the rule sends it outside. */
function history(i) {
  const decision = decisionOf(i);
  const steps = [['received', needCreated[i], null]];
  const routed = routedAt(i);
  if (decision.level === 'X') return [...steps, ['out_of_scope', routed, decision.reason]];
  steps.push(['transmitted', routed, decision.reason]);
  const path = PATHS[needPath[i]][1];
  let at = routed;
  const room = Math.max(END - routed, DAY);
  for (const [k, status] of path.entries()) {
    at += Math.floor(room / (path.length + 1)) * (0.5 + ((i * 7 + k * 13) % 10) / 20);
    steps.push([status, Math.min(at, END), ANSWERS[status]]);
  }
  return steps;
}

const counts = {};
const supportCounts = new Int32Array(NEEDS);
await phase('load', async () => {
  // Support counts: Pareto-like weights scaled to SUPPORTS, capped, then the remainder spread.
  const supportRandom = root.stream(3);
  const weights = new Float64Array(NEEDS);
  let sum = 0;
  for (let i = 0; i < NEEDS; i++) sum += weights[i] = Math.pow(1 - supportRandom.next(), -1 / 1.3);
  let assigned = 0;
  for (let i = 0; i < NEEDS; i++) assigned += supportCounts[i] = Math.min(MAX_SUPPORTS_PER_NEED, Math.floor((weights[i] / sum) * SUPPORTS));
  while (assigned < SUPPORTS) {
    const i = supportRandom.int(NEEDS);
    if (supportCounts[i] < MAX_SUPPORTS_PER_NEED) (supportCounts[i]++, assigned++);
  }
  const tallyRows = supportCounts.reduce((acc, c) => acc + Math.min(c, SHARDS), 0);
  const statusRows = Array.from({ length: NEEDS }, (_, i) => i).reduce((acc, i) => acc + history(i).length, 0);
  const commentTotal = COMMENTS;
  totalRows.value = PERSONS + NEEDS * 2 + statusRows + SUPPORTS + tallyRows + commentTotal + supportCounts.filter((c) => c >= THRESHOLD).length;
  barStarted = performance.now();
  bar?.start(totalRows.value, 0, { table: 'person', rate: 0 });

  counts.person = await copy(client, 'person', ['id', 'pseudonym', 'pseudonym_key', 'created_at', 'last_active_at'], function* () {
    for (let i = 0; i < PERSONS; i++) {
      const at = iso(END - SPAN - 30 * DAY + Math.floor((i / PERSONS) * SPAN));
      yield `${persons[i]}\tHabitant${i + 1}\thabitant${i + 1}\t${at}\t${at}`;
    }
  });

  bar?.update({ table: 'need' });
  const textRandom = root.stream(4);
  counts.need = await copy(
    client,
    'need',
    ['id', 'reference', 'title', 'description', 'category_key', 'commune_code', 'status', 'authority_id', 'current_routing_id', 'created_at', 'updated_at',
      'author_id', 'kind', 'affected_groups', 'frequency', 'people_range', 'channel', 'first_answer_at', 'answer_due_at'],
    function* () {
      for (let i = 0; i < NEEDS; i++) {
        let reference;
        do {
          reference = REFERENCE_PREFIX;
          for (let k = 0; k < REFERENCE_LENGTH; k++) reference += REFERENCE_ALPHABET[textRandom.int(REFERENCE_ALPHABET.length)];
        } while (references.has(reference));
        references.add(reference);
        const decision = decisionOf(i);
        const steps = history(i);
        const last = steps.at(-1);
        const answered = steps.find(([status]) => !['received', 'transmitted', 'out_of_scope', 'withdrawn'].includes(status));
        const title = `${textRandom.pick(OPENINGS)} ${categoryWords[needCategory[i]]} ${textRandom.pick(PLACES)}`;
        const sentences = 2 + textRandom.int(4);
        let description = '';
        for (let k = 0; k < sentences; k++) description += (k ? ' ' : '') + textRandom.pick(SENTENCES);
        const kind = textRandom.chance(0.8) ? 'need' : 'idea';
        const groups = AFFECTED_GROUPS.filter(() => textRandom.chance(0.15));
        const frequency = textRandom.chance(0.7) ? textRandom.pick(NEED_FREQUENCIES) : null;
        const people = textRandom.chance(0.7) ? textRandom.pick(PEOPLE_RANGES) : null;
        yield [
          needIds[i], reference, text(title), text(description), categories[needCategory[i]], communes[needCommune[i]].code, last[0], decision.authorityId,
          routingIds[i], iso(needCreated[i]), iso(last[1]), persons[needAuthor[i]], kind, array(groups), text(frequency), text(people), 'web',
          answered ? iso(answered[1]) : NULL, iso(routedAt(i) + FIRST_ANSWER_DAYS * DAY),
        ].join('\t');
      }
    },
  );

  bar?.update({ table: 'need_routing' });
  counts.need_routing = await copy(client, 'need_routing', ['id', 'need_id', 'rule_id', 'level', 'authority_id', 'reason', 'kind', 'created_at'], function* () {
    for (let i = 0; i < NEEDS; i++) {
      const d = decisionOf(i);
      yield `${routingIds[i]}\t${needIds[i]}\t${d.ruleId}\t${d.level}\t${d.authorityId}\t${text(d.reason)}\tinitial\t${iso(routedAt(i))}`;
    }
  });

  bar?.update({ table: 'need_status_change' });
  const changeRandom = root.stream(5);
  counts.need_status_change = await copy(client, 'need_status_change', ['id', 'need_id', 'status', 'note', 'created_at'], function* () {
    for (let i = 0; i < NEEDS; i++) {
      for (const [status, at, note] of history(i)) yield `${changeRandom.uuid()}\t${needIds[i]}\t${status}\t${text(note)}\t${iso(at)}`;
    }
  });

  // Supports: distinct persons per need (start + j·stride mod PERSONS, stride coprime with PERSONS), never the author.
  bar?.update({ table: 'need_support' });
  const strides = [];
  const gcd = (a, b) => (b ? gcd(b, a % b) : a);
  for (let s = Math.floor(PERSONS / 3); strides.length < 64; s++) if (gcd(s, PERSONS) === 1) strides.push(s);
  const supportAt = (i, j, n) => iso(needCreated[i] + Math.floor(((END - needCreated[i]) * (j + 1)) / (n + 2)));
  counts.need_support = await copy(client, 'need_support', ['need_id', 'person_id', 'created_at'], function* () {
    const pickRandom = root.stream(6);
    for (let i = 0; i < NEEDS; i++) {
      const n = supportCounts[i];
      if (!n) continue;
      const start = pickRandom.int(PERSONS);
      const stride = strides[pickRandom.int(strides.length)];
      for (let j = 0, made = 0; made < n; j++) {
        const person = (start + j * stride) % PERSONS;
        if (person === needAuthor[i]) continue;
        yield `${needIds[i]}\t${persons[person]}\t${supportAt(i, made, n)}`;
        made++;
      }
    }
  });

  // The tally: the need's count split over its shards (as many as it has supports, at most SHARDS).
  bar?.update({ table: 'need_support_tally' });
  counts.need_support_tally = await copy(client, 'need_support_tally', ['need_id', 'shard', 'supports'], function* () {
    for (let i = 0; i < NEEDS; i++) {
      const n = supportCounts[i];
      for (let shard = 0; shard < Math.min(n, SHARDS); shard++) yield `${needIds[i]}\t${shard}\t${Math.floor(n / SHARDS) + (shard < n % SHARDS ? 1 : 0)}`;
    }
  });

  bar?.update({ table: 'need_engagement' });
  counts.need_engagement = await copy(client, 'need_engagement', ['need_id', 'threshold_reached_at', 'answer_due_at'], function* () {
    for (let i = 0; i < NEEDS; i++) {
      const n = supportCounts[i];
      if (n < THRESHOLD) continue;
      const reached = needCreated[i] + Math.floor(((END - needCreated[i]) * THRESHOLD) / (n + 2));
      yield `${needIds[i]}\t${iso(reached)}\t${iso(reached + ANSWER_DELAY_DAYS * DAY)}`;
    }
  });

  // Comments: threads of a top-level comment and 0–3 replies, on needs drawn at random.
  bar?.update({ table: 'comment' });
  const commentRandom = root.stream(7);
  counts.comment = await copy(client, 'comment', ['id', 'need_id', 'parent_id', 'author_id', 'body', 'created_at'], function* () {
    let made = 0;
    while (made < COMMENTS) {
      const i = commentRandom.int(NEEDS);
      const topId = commentRandom.uuid();
      let at = needCreated[i] + commentRandom.int(Math.max(END - needCreated[i], 60_000));
      yield `${topId}\t${needIds[i]}\t${NULL}\t${persons[commentRandom.int(PERSONS)]}\t${text(commentRandom.pick(COMMENT_SENTENCES))}\t${iso(at)}`;
      made++;
      for (let r = commentRandom.int(4); r > 0 && made < COMMENTS; r--, made++) {
        at = Math.min(END, at + commentRandom.int(3 * DAY));
        yield `${commentRandom.uuid()}\t${needIds[i]}\t${topId}\t${persons[commentRandom.int(PERSONS)]}\t${text(commentRandom.pick(COMMENT_SENTENCES))}\t${iso(at)}`;
      }
    }
  });
  bar?.update({ table: 'done' });
  bar?.stop();
  bar = null;
  return { rows: Object.values(counts).reduce((a, b) => a + b, 0) };
});
const loadSeconds = phases.load.seconds;

await phase('indexes and keys', async () => {
  for (const key of deferred.keys) {
    console.log(`  ${key.tbl}: ${key.conname}`);
    await client.query(`ALTER TABLE ${key.tbl} ADD CONSTRAINT "${key.conname}" ${key.def}`);
  }
  for (const index of deferred.indexes) {
    console.log(`  ${index.name}`);
    await client.query(index.def);
  }
  // Validated now: every reference of the generated rows must exist.
  for (const fk of deferred.fks) await client.query(`ALTER TABLE ${fk.tbl} ADD CONSTRAINT "${fk.conname}" ${fk.def}`);
});
await phase('vacuum analyze', async () => {
  for (const table of TABLES) await client.query(`VACUUM (ANALYZE) ${table}`);
});

// Exact counters: every need's tally equals its support rows.
const [{ mismatched }] = (
  await client.query(
    `SELECT count(*)::int AS mismatched FROM need n
      WHERE COALESCE((SELECT sum(supports) FROM need_support_tally t WHERE t.need_id = n.id), 0) <> (SELECT count(*) FROM need_support s WHERE s.need_id = n.id)`,
  )
).rows;
if (mismatched) throw new Error(`${mismatched} needs whose tally differs from their support rows`);
const [{ bytes }] = (await client.query(`SELECT pg_database_size(current_database())::bigint AS bytes`)).rows;
await client.end();

const totalSeconds = (performance.now() - startedAt) / 1000;
const rows = Object.values(counts).reduce((a, b) => a + b, 0);
const result = {
  database: DB,
  seed: args.seed,
  requested: { needs: NEEDS, supports: SUPPORTS, comments: COMMENTS, persons: PERSONS },
  rows: counts,
  totalRows: rows,
  phases,
  loadSeconds,
  loadRowsPerSecond: Math.round(rows / loadSeconds),
  totalSeconds: Number(totalSeconds.toFixed(1)),
  rowsPerSecond: Math.round(rows / totalSeconds),
  databaseBytes: Number(bytes),
  tallyMismatches: mismatched,
};
const file = writeResults(`generate-${LABEL}`, result);
console.log(`${rows} rows in ${totalSeconds.toFixed(1)} s (${result.rowsPerSecond} rows/s overall; COPY ${result.loadRowsPerSecond} rows/s); ${(bytes / 2 ** 20).toFixed(0)} MB`);
console.log(Object.entries(counts).map(([table, n]) => `  ${table}: ${n}`).join('\n'));
console.log(`results: ${file}`);

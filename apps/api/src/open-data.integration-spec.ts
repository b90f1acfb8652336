import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { INestApplicationContext } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { REFERENCE_ALPHABET, findPersonalData } from '@pit/domain';
import { PublishOpenDataJob } from '@pit/needs/jobs';
import { OpenDataService } from '@pit/needs';
import { graphql, signUpResident, startApi, startWorker } from '../../../tools/test/harness.js';

// Issue 7 item 2, open data. Done when: "The open-data CSV of a day with 1,000 needs contains no email,
// phone number, real name or internal note (test with planted values)". 1,000 public needs planted by SQL
// (raw personal data in their texts, authors with real names and emails, internal notes, an assisted-intake
// identity, comments, addresses) plus a few through the real submit path and some that must stay out
// (unconfirmed, hidden, withdrawn, held); the publish-open-data job; the three files parsed back.

const PLANTED = {
  givenName: 'Hortensia',
  familyName: 'Vasseur-Plantagenet',
  authorEmail: 'hortensia.vasseur@plante-exemple.fr',
  anonymousEmail: 'anonyme.plante@plante-exemple.fr',
  textEmail: 'voisin.plante@exemple.org',
  textPhone: '06 12 34 56 78',
  textPhoneIntl: '+33 6 98 76 54 32',
  note: 'NOTE-INTERNE-PLANTEE : rappeler Mme Vasseur-Plantagenet au 02 41 00 00 01',
  mandateLabel: 'Marcel Témoin-Plantier',
  mandatePhone: '0611223344',
  comment: 'COMMENTAIRE-PLANTE de la voisine',
  address: '12 rue des Planteurs-Secrets',
  rawLat: '47.478912',
  rawLon: '-0.563451',
};
const FORBIDDEN = [
  PLANTED.givenName,
  'Vasseur',
  PLANTED.authorEmail,
  PLANTED.anonymousEmail,
  PLANTED.textEmail,
  PLANTED.textPhone,
  '0612345678',
  PLANTED.textPhoneIntl,
  'NOTE-INTERNE',
  'Témoin-Plantier',
  PLANTED.mandatePhone,
  'COMMENTAIRE-PLANTE',
  'Planteurs-Secrets',
  PLANTED.rawLat,
  PLANTED.rawLon,
  'EXCLU-',
];

/** RFC 4180 (quotes doubled, CRLF): enough to read back what csv-stringify wrote. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i += 1) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') (cell += '"'), (i += 1);
      else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') row.push(cell), (cell = '');
    else if (c === '\r' && text[i + 1] === '\n') {
      row.push(cell), rows.push(row), (row = []), (cell = ''), (i += 1);
    } else cell += c;
  }
  if (cell || row.length) row.push(cell), rows.push(row);
  return rows;
}

describe('open data: anonymised daily files of needs', () => {
  let api: NestFastifyApplication;
  let worker: INestApplicationContext;
  let dataSource: DataSource;
  const storageDir = mkdtempSync(join(tmpdir(), 'pit-open-data-'));
  // A day of its own: the integration database is shared across runs and files.
  const seed = Math.floor(Math.random() * 6000);
  const day = `${3000 + seed}-0${1 + (seed % 9)}-1${seed % 9}`;
  const run = Array.from({ length: 3 }, (_, i) => REFERENCE_ALPHABET[(seed * 7 + i * 13 + Date.now()) % REFERENCE_ALPHABET.length]).join('');
  const reference = (i: number) => `B-${run}${REFERENCE_ALPHABET[Math.floor(i / 900) % 30]}${REFERENCE_ALPHABET[Math.floor(i / 30) % 30]}${REFERENCE_ALPHABET[i % 30]}`;
  const planted = new Set<string>();
  const excluded = new Set<string>();
  const submitted: string[] = [];
  let located = 0;

  beforeAll(async () => {
    process.env.STORAGE_DIR = storageDir;
    process.env.OPEN_DATA_SCHEDULE = 'off';
    api = await startApi();
    worker = await startWorker({ consume: false, relay: false });
    dataSource = api.get(DataSource);
    // Angers (ALM): routed to the EPCI for waste collection.
    const [{ id: almId }] = await dataSource.query(`SELECT id FROM authority WHERE kind = 'epci' AND code = '244900015'`);
    // The planted author of an earlier run of this file, if any (its email is unique).
    await dataSource.query(`DELETE FROM person WHERE email = $1`, [PLANTED.authorEmail]);
    const [{ id: authorId }] = await dataSource.query(
      `INSERT INTO person (pseudonym, pseudonym_key, email, given_name, family_name) VALUES ($1, lower($1), $2, $3, $4) RETURNING id`,
      [`Auteur plante ${run}${seed}`, PLANTED.authorEmail, PLANTED.givenName, PLANTED.familyName],
    );
    // 1,000 public needs; a raw phone number or email in some texts (as an old row or a rule change would leave them).
    const rows = Array.from({ length: 1000 }, (_, i) => {
      const ref = reference(i);
      planted.add(ref);
      const withPlace = i % 4 === 0;
      if (withPlace) located += 1;
      return {
        reference: ref,
        title: i % 10 === 0 ? `Conteneur plein, appelez le ${PLANTED.textPhone}` : `Conteneur plein numéro ${i}`,
        description:
          i % 10 === 1
            ? `Le conteneur déborde, écrivez à ${PLANTED.textEmail} ou au ${PLANTED.textPhoneIntl} pour plus de détails.`
            : `Le conteneur de la rue déborde depuis plusieurs jours (besoin ${i}).`,
        status: ['transmitted', 'under_study', 'accepted', 'done', 'refused', 'received'][i % 6],
        lat: withPlace ? Number(PLANTED.rawLat) : null,
        lon: withPlace ? Number(PLANTED.rawLon) : null,
      };
    });
    await dataSource.query(
      `INSERT INTO need (reference, title, description, category_key, commune_code, status, authority_id, author_id, author_email, address_label, address_lat, address_lon, first_answer_at)
       SELECT r.reference, r.title, r.description, 'waste_collection', '49007', r.status, $2, $3, $4,
              CASE WHEN r.lat IS NULL THEN NULL ELSE $5 END, r.lat, r.lon, CASE WHEN r.status = 'received' THEN NULL ELSE now() END
         FROM jsonb_to_recordset($1::jsonb) AS r(reference text, title text, description text, status text, lat float8, lon float8)`,
      [JSON.stringify(rows), almId, authorId, PLANTED.anonymousEmail, PLANTED.address],
    );
    const ids: { id: string; reference: string }[] = await dataSource.query(`SELECT id, reference FROM need WHERE reference = ANY($1::text[]) ORDER BY reference`, [[...planted]]);
    // Internal notes, comments, supports on some of them.
    await dataSource.query(
      `INSERT INTO need_internal_note (need_id, author_id, body) SELECT id, $2, $3 FROM need WHERE id = ANY($1::uuid[])`,
      [ids.slice(0, 50).map((row) => row.id), authorId, PLANTED.note],
    );
    await dataSource.query(`INSERT INTO comment (need_id, author_id, body) SELECT id, $2, $3 FROM need WHERE id = ANY($1::uuid[])`, [
      ids.slice(0, 20).map((row) => row.id),
      authorId,
      PLANTED.comment,
    ]);
    await dataSource.query(`INSERT INTO need_support_tally (need_id, shard, supports) VALUES ($1, 0, 3), ($1, 5, 2)`, [ids[0]!.id]);
    // An assisted-intake identity (issue 6), where that table exists.
    const [{ mandates }] = await dataSource.query(`SELECT to_regclass('need_mandate') IS NOT NULL AS mandates`);
    if (mandates) {
      await dataSource.query(
        `INSERT INTO need_mandate (need_id, authority_id, resident_label, contact_kind, contact_value, pseudonym, duration, publication_consent, expires_at)
         VALUES ($1, $2, $3, 'phone', $4, $5, 'six_months', true, now() + interval '6 months')`,
        [ids[1]!.id, almId, PLANTED.mandateLabel, PLANTED.mandatePhone, `Mandat ${run}`],
      );
    }
    // Needs that must stay out: unconfirmed, hidden by moderation, withdrawn, held by pre-moderation.
    const out = ['pending_confirmation', 'hidden', 'withdrawn', 'transmitted'].map((status, i) => ({ reference: reference(1000 + i), status }));
    for (const row of out) excluded.add(row.reference);
    await dataSource.query(
      `INSERT INTO need (reference, title, description, category_key, commune_code, status, authority_id)
       SELECT r.reference, 'EXCLU-' || r.status, 'EXCLU- une description qui ne doit pas sortir', 'waste_collection', '49007', r.status, $2
         FROM jsonb_to_recordset($1::jsonb) AS r(reference text, status text)`,
      [JSON.stringify(out), almId],
    );
    await dataSource.query(`INSERT INTO need_moderation_hold (need_id, authority_id) SELECT id, $2 FROM need WHERE reference = $1`, [out[3]!.reference, almId]);
    // A few through the real submit path (its own masking, a place).
    const resident = await signUpResident(api, 'Ouverte');
    for (const [i, title] of ['Banc public cassé au square', 'Trottoir abîmé devant la poste'].entries()) {
      const result = await graphql<{ submitNeed: { reference: string } }>(
        api,
        `mutation($i: SubmitNeedInput!) { submitNeed(input: $i) { reference } }`,
        {
          i: {
            title,
            description: `Signalé par la voisine, joignable au ${PLANTED.textPhone} ou ${PLANTED.textEmail}, depuis une semaine.`,
            categoryKey: 'waste_collection',
            communeCode: '49007',
            address: i === 0 ? { citycode: '49007', label: PLANTED.address, lat: 47.47131, lon: -0.55172 } : null,
          },
        },
        { token: resident.token },
      );
      expect(result.errors).toBeUndefined();
      submitted.push(result.data!.submitNeed.reference);
    }
  }, 120_000);

  afterAll(async () => {
    await dataSource?.query(`DELETE FROM need WHERE reference = ANY($1::text[])`, [[...planted, ...excluded, ...submitted]]);
    await dataSource?.query(`DELETE FROM open_data_publication WHERE day = $1`, [day]);
    await dataSource?.query(`DELETE FROM person WHERE email = $1 OR pseudonym LIKE $2`, [PLANTED.authorEmail, `Signaleur ${run}${seed}%`]);
    await api?.close();
    await worker?.close();
    rmSync(storageDir, { recursive: true, force: true });
  });

  const file = (format: string) => readFileSync(join(storageDir, 'open-data', day, `besoins.${format}`), 'utf8');

  it('publishes the day once per format, even when the job runs twice, concurrently, then again', async () => {
    const job = worker.get(PublishOpenDataJob);
    await Promise.all([job.handle({ day }), job.handle({ day })]);
    await job.handle({ day });
    expect(await worker.get(OpenDataService).publish(day)).toEqual([]);
    const publications = await dataSource.query(
      `SELECT format, storage_key AS "key", row_count AS "rowCount", bytes, sha256 FROM open_data_publication WHERE day = $1 ORDER BY format`,
      [day],
    );
    expect(publications.map((row: { format: string; key: string }) => [row.format, row.key])).toEqual([
      ['csv', `open-data/${day}/besoins.csv`],
      ['geojson', `open-data/${day}/besoins.geojson`],
      ['json', `open-data/${day}/besoins.json`],
    ]);
    for (const row of publications as { format: string; bytes: number; sha256: string }[]) {
      const body = readFileSync(join(storageDir, 'open-data', day, `besoins.${row.format}`));
      expect(row.bytes).toBe(body.length);
      expect(row.sha256).toBe(createHash('sha256').update(body).digest('hex'));
    }
  }, 60_000);

  it('the CSV of a day with 1,000 needs holds them all and no email, phone number, real name or internal note', async () => {
    const text = file('csv');
    for (const value of FORBIDDEN) expect(text.includes(value), `the CSV holds ${value}`).toBe(false);
    // No email address nor phone number anywhere in the file.
    expect(findPersonalData(text)).toEqual([]);
    const [header, ...records] = parseCsv(text);
    expect(header).toEqual([
      'reference', 'date_depot', 'date_mise_a_jour', 'date_premiere_reponse', 'statut', 'statut_libelle', 'theme_code', 'theme_libelle',
      'categorie_code', 'categorie_libelle', 'code_fonctionnel_m57', 'commune_insee', 'commune_nom', 'epci_siren', 'epci_nom', 'autorite_nom',
      'autorite_type', 'autorite_code', 'nature', 'canal', 'nombre_soutiens', 'nombre_appuis', 'titre', 'description', 'latitude', 'longitude',
    ]);
    const ours = records.filter((record) => planted.has(record[0]!));
    expect(ours).toHaveLength(1000);
    expect(records.filter((record) => excluded.has(record[0]!))).toEqual([]);
    for (const reference of submitted) expect(records.filter((record) => record[0] === reference)).toHaveLength(1);
    const [{ count: rowCount }] = await dataSource.query(`SELECT row_count AS count FROM open_data_publication WHERE day = $1 AND format = 'csv'`, [day]);
    expect(records).toHaveLength(rowCount);
    const first = Object.fromEntries(header!.map((name, i) => [name, ours.find((record) => record[0] === reference(0))![i]]));
    expect(first).toMatchObject({
      statut: 'transmitted',
      statut_libelle: 'transmis',
      theme_code: 'waste',
      categorie_code: 'waste_collection',
      code_fonctionnel_m57: '90-72',
      commune_insee: '49007',
      commune_nom: 'Angers',
      epci_siren: '244900015',
      autorite_nom: 'Angers Loire Métropole',
      autorite_type: 'epci',
      autorite_code: '244900015',
      nature: 'need',
      canal: 'web',
      nombre_soutiens: '5',
      nombre_appuis: '0',
      titre: 'Conteneur plein, appelez le [numéro masqué]',
      // Coarsened to the centre of its cell of about 100 m.
      latitude: '47.4785',
      longitude: '-0.56325',
    });
    const second = ours.find((record) => record[0] === reference(1))!;
    expect(second[header!.indexOf('description')]).toBe('Le conteneur déborde, écrivez à [adresse e-mail masquée] ou au [numéro masqué] pour plus de détails.');
    expect(second[header!.indexOf('latitude')]).toBe('');
  });

  it('the JSON and GeoJSON files hold the same needs, the GeoJSON only those with a place, coarsened', async () => {
    for (const format of ['json', 'geojson']) {
      const text = file(format);
      for (const value of FORBIDDEN) expect(text.includes(value), `${format} holds ${value}`).toBe(false);
      expect(findPersonalData(text)).toEqual([]);
    }
    const rows = JSON.parse(file('json')) as Array<Record<string, unknown>>;
    expect(rows.filter((row) => planted.has(row.reference as string))).toHaveLength(1000);
    expect(rows.filter((row) => excluded.has(row.reference as string))).toEqual([]);
    expect(rows.find((row) => row.reference === reference(4))).toMatchObject({ latitude: 47.4785, longitude: -0.56325, date_premiere_reponse: expect.any(String) });
    const geojson = JSON.parse(file('geojson')) as { type: string; features: Array<{ id: string; geometry: { type: string; coordinates: number[] }; properties: Record<string, unknown> }> };
    expect(geojson.type).toBe('FeatureCollection');
    const ours = geojson.features.filter((feature) => planted.has(feature.id));
    expect(ours).toHaveLength(located);
    expect(located).toBe(250);
    for (const feature of ours) expect(feature.geometry).toEqual({ type: 'Point', coordinates: [-0.56325, 47.4785] });
    // The need submitted with a place (47.47131, -0.55172) is there, coarsened too.
    expect(geojson.features.find((feature) => feature.id === submitted[0])?.geometry.coordinates).toEqual([-0.55125, 47.4715]);
    expect(geojson.features.find((feature) => feature.id === submitted[1])).toBeUndefined();
    expect(Object.keys(ours[0]!.properties)).not.toContain('latitude');
  });

  it('serves the files and their Table Schema over REST, public, byte for byte', async () => {
    const response = await api.inject({ method: 'GET', url: `/open-data/${day}/besoins.csv` });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(response.headers['content-disposition']).toBe(`attachment; filename="besoins-${day}.csv"`);
    expect(response.body).toBe(file('csv'));
    expect((await api.inject({ method: 'GET', url: `/open-data/${day}/besoins.geojson` })).headers['content-type']).toBe('application/geo+json; charset=utf-8');
    expect((await api.inject({ method: 'GET', url: `/open-data/${day}/autre.csv` })).statusCode).toBe(404);
    expect((await api.inject({ method: 'GET', url: `/open-data/1999-01-01/besoins.csv` })).statusCode).toBe(404);
    expect((await api.inject({ method: 'GET', url: `/open-data/..%2F..%2Fetc/besoins.csv` })).statusCode).toBe(404);

    const schema = JSON.parse((await api.inject({ method: 'GET', url: '/open-data/schema/besoins-csv.schema.json' })).body) as {
      fields: Array<{ name: string; type: string; description: string; constraints?: { pattern?: string } }>;
      licenses: Array<{ name: string }>;
    };
    expect(schema.licenses[0]!.name).toBe('etalab-2.0');
    const [header, ...records] = parseCsv(file('csv'));
    expect(schema.fields.map((field) => field.name)).toEqual(header);
    // Every row matches the schema's INSEE and SIREN patterns.
    for (const name of ['commune_insee', 'epci_siren', 'reference']) {
      const pattern = new RegExp(schema.fields.find((field) => field.name === name)!.constraints!.pattern!);
      for (const record of records) expect(record[header!.indexOf(name)]).toMatch(pattern);
    }
    expect(schema.fields.find((field) => field.name === 'epci_siren')).toMatchObject({ type: 'string', constraints: { required: true, pattern: '^[0-9]{9}$' } });
    const geoSchema = JSON.parse((await api.inject({ method: 'GET', url: '/open-data/schema/besoins-geojson.schema.json' })).body) as { fields: Array<{ name: string }> };
    expect(geoSchema.fields.map((field) => field.name)).not.toContain('latitude');
    expect((await api.inject({ method: 'GET', url: '/open-data/schema/autre.json' })).statusCode).toBe(404);
  });

  it('lists the newest file of each format for the download page (public GraphQL)', async () => {
    const result = await graphql<{ openDataFiles: Array<{ day: string; format: string; fileName: string; schemaName: string; rowCount: number; bytes: number }> }>(
      api,
      `{ openDataFiles { day format fileName schemaName rowCount bytes sha256 createdAt } }`,
    );
    expect(result.errors).toBeUndefined();
    expect(result.data!.openDataFiles.map((entry) => [entry.format, entry.fileName, entry.schemaName])).toEqual([
      ['csv', 'besoins.csv', 'besoins-csv.schema.json'],
      ['geojson', 'besoins.geojson', 'besoins-geojson.schema.json'],
      ['json', 'besoins.json', 'besoins-json.schema.json'],
    ]);
  });

  it('the public moderation log counts hidden needs, hidden comments and reports by reason this month, with no text', async () => {
    const LOG = `query($m: Int) { moderationLog(months: $m) { month needsHidden needsRestored commentsHidden reportsReceived reports { reason label count } } }`;
    type Month = { month: string; needsHidden: number; needsRestored: number; commentsHidden: number; reportsReceived: number; reports: Array<{ reason: string; label: string; count: number }> };
    const read = async () => (await graphql<{ moderationLog: Month[] }>(api, LOG, { m: 3 })).data!.moderationLog;
    const before = await read();
    expect(before).toHaveLength(3);
    const thisMonth = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Paris', year: 'numeric', month: '2-digit' }).format(new Date()).slice(0, 7);
    expect(before[0]!.month).toBe(thisMonth);

    const [need] = await dataSource.query(`SELECT id FROM need WHERE reference = $1`, [reference(2)]);
    const reporters = await Promise.all([1, 2, 3].map(async (i) => (await dataSource.query(`INSERT INTO person (pseudonym, pseudonym_key) VALUES ($1, lower($1)) RETURNING id`, [`Signaleur ${run}${seed}${i}`]))[0].id as string));
    await dataSource.query(`INSERT INTO need_report (need_id, reporter_id, reason, detail) VALUES ($1, $2, 'spam', 'DETAIL-PLANTE'), ($1, $3, 'spam', NULL), ($1, $4, 'personal_data', NULL)`, [need.id, ...reporters]);
    const [comment] = await dataSource.query(`SELECT id FROM comment WHERE need_id = $1`, [(await dataSource.query(`SELECT id FROM need WHERE reference = $1`, [reference(0)]))[0].id]);
    await dataSource.query(`INSERT INTO comment_report (comment_id, reporter_id, reason) VALUES ($1, $2, 'off_topic')`, [comment.id, reporters[0]]);
    await dataSource.query(`INSERT INTO need_status_change (need_id, status, note) VALUES ($1, 'hidden', 'MOTIF-PLANTE')`, [need.id]);
    await dataSource.query(`INSERT INTO audit_entry (actor_id, action, subject_type, subject_id, before, after) VALUES ($1, 'comment.hide', 'comment', $2, '{}', '{}')`, [reporters[0], comment.id]);

    const after = await read();
    const delta = (pick: (month: Month) => number) => pick(after[0]!) - pick(before[0]!);
    expect(delta((m) => m.needsHidden)).toBe(1);
    expect(delta((m) => m.commentsHidden)).toBe(1);
    expect(delta((m) => m.reportsReceived)).toBe(4);
    const reason = (month: Month, key: string) => month.reports.find((report) => report.reason === key)!.count;
    expect(reason(after[0]!, 'spam') - reason(before[0]!, 'spam')).toBe(2);
    expect(reason(after[0]!, 'personal_data') - reason(before[0]!, 'personal_data')).toBe(1);
    expect(reason(after[0]!, 'off_topic') - reason(before[0]!, 'off_topic')).toBe(1);
    expect(after[0]!.reports.map((report) => report.reason)).toEqual(['spam', 'abuse', 'personal_data', 'not_a_need', 'off_topic', 'other']);
    expect(after[0]!.reports[0]!.label).toBe('Publicité ou spam');
    expect(JSON.stringify(after)).not.toContain('DETAIL-PLANTE');
    expect(JSON.stringify(after)).not.toContain('MOTIF-PLANTE');
  });
});

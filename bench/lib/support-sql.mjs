// The statements the supportNeed mutation runs, in its order, copied from the api's code so that the bare
// node:http server and pgbench run exactly the same SQL:
// - SessionsService.resolve (the Bearer token → the actor), once per request;
// - ParticipationService.supportNeed: in one transaction openNeed, supportedOnPaper, the need_support
//   insert, ENGAGE_IF_REACHED counting the new support, then +1 on a random tally shard; after COMMIT
//   ENGAGE_IF_REACHED again when the support was new and the need not engaged yet; then summaries().
// If those change in libs/server, change them here (bench/README.md says so).

export const SHARDS = 16;

export const RESOLVE_SESSION = `SELECT s.id AS "sessionId", p.id AS "personId", p.pseudonym,
              COALESCE((SELECT json_agg(json_build_object('role', r.role, 'authorityId', r.authority_id))
                          FROM role_assignment r WHERE r.person_id = p.id), '[]') AS roles,
              s.last_seen_at < now() - make_interval(secs => $2) AS stale
         FROM session s JOIN person p ON p.id = s.person_id
        WHERE s.token_hash = $1 AND s.revoked_at IS NULL AND s.expires_at > now() AND p.deactivated_at IS NULL
          AND (s.idle_timeout_seconds IS NULL OR s.last_seen_at > now() - make_interval(secs => s.idle_timeout_seconds))`;

export const OPEN_NEED = `SELECT CASE WHEN EXISTS (SELECT 1 FROM need_moderation_hold mh WHERE mh.need_id = need.id) THEN 'held' ELSE status END AS status, author_id AS "authorId" FROM need WHERE id = $1`;

export const PAPER_IDENTITIES = `SELECT identity_hash AS hash FROM external_identity WHERE person_id = $1 AND provider = 'franceconnect' AND identity_hash IS NOT NULL`;

export const INSERT_SUPPORT = `INSERT INTO need_support (need_id, person_id) VALUES ($1, $2) ON CONFLICT DO NOTHING RETURNING need_id`;

export const ADD_TO_TALLY = `INSERT INTO need_support_tally (need_id, shard, supports) VALUES ($1, $2, $3)
       ON CONFLICT (need_id, shard) DO UPDATE SET supports = need_support_tally.supports + EXCLUDED.supports`;

export const ENGAGE_IF_REACHED = `
  WITH inserted AS (
    INSERT INTO need_engagement (need_id, threshold_reached_at, answer_due_at)
    SELECT n.id, now(), now() + make_interval(days => COALESCE(ap.answer_delay_days, 60))
      FROM need n LEFT JOIN authority_participation ap ON ap.authority_id = n.authority_id
     WHERE n.id = $1
       AND NOT EXISTS (SELECT 1 FROM need_engagement e WHERE e.need_id = n.id)
       AND (SELECT COALESCE(sum(t.supports), 0) FROM need_support_tally t WHERE t.need_id = n.id) + $2 >= COALESCE(ap.support_threshold, 50)
    ON CONFLICT (need_id) DO NOTHING
    RETURNING need_id)
  SELECT EXISTS (SELECT 1 FROM inserted) OR EXISTS (SELECT 1 FROM need_engagement WHERE need_id = $1) AS engaged`;

export const SUMMARIES = `SELECT n.id AS "needId",
              COALESCE((SELECT sum(t.supports) FROM need_support_tally t WHERE t.need_id = n.id), 0) AS "supportCount",
              (SELECT count(*) FROM need_backing b WHERE b.need_id = n.id) AS "backingCount",
              COALESCE(ap.support_threshold, $3) AS "supportThreshold",
              e.threshold_reached_at AS "thresholdReachedAt", e.answer_due_at AS "officialAnswerDueAt",
              ($2::uuid IS NOT NULL AND EXISTS (SELECT 1 FROM need_support s WHERE s.need_id = n.id AND s.person_id = $2)) AS "viewerSupports",
              ($2::uuid IS NOT NULL AND EXISTS (SELECT 1 FROM need_follow f WHERE f.need_id = n.id AND f.person_id = $2)) AS "viewerFollows"
         FROM need n
         LEFT JOIN authority_participation ap ON ap.authority_id = n.authority_id
         LEFT JOIN need_engagement e ON e.need_id = n.id
        WHERE n.id = ANY($1::uuid[])`;

/** Bench fixtures: person i, its session token, and need k of run r, all derived from numbers (pgbench computes them too). */
export const benchToken = (i) => `bench-token-${i}`;

/**
 * The pgbench script: the same statements with pgbench variables. Differences, all outside the measured
 * work: the token's SHA-256 is computed in SQL (the api does it in Node), the need id is derived from
 * (run, k) by md5 in the session statement, and the result flags come back through \gset.
 */
export function pgbenchScript() {
  const sub = (sql, names) => sql.replace(/\$(\d)/g, (_, n) => names[Number(n) - 1]);
  const one = (sql) => sql.replace(/\s+/g, ' ').trim();
  const session = sub(RESOLVE_SESSION, [`sha256(convert_to('bench-token-' || :p, 'UTF8'))`, '60']).replace(
    'AS stale',
    `AS stale, md5('bench-need-' || :run || '-' || :k)::uuid AS need_id`,
  );
  const engage = (name, pending) =>
    `${one(sub(ENGAGE_IF_REACHED, [':need_id', pending]).replace('SELECT EXISTS (SELECT 1 FROM inserted)', 'SELECT (EXISTS (SELECT 1 FROM inserted)').replace('AS engaged', `)::int AS ${name}`))} \\gset`;
  return [
    '\\set p random(1, :persons)',
    '\\set k random(1, :needs)',
    '\\set shard random(0, 15)',
    `${one(session).replace('s.id AS "sessionId", p.id AS "personId"', 's.id AS session_id, p.id AS person_id')} \\gset`,
    'BEGIN;',
    `${one(sub(OPEN_NEED, [':need_id']))};`,
    `${one(sub(PAPER_IDENTITIES, [':person_id']))};`,
    `WITH i AS (${one(sub(INSERT_SUPPORT, [':need_id', ':person_id']))}) SELECT count(*) AS changed FROM i \\gset`,
    '\\if :changed = 1',
    engage('engaged', '1'),
    `${one(sub(ADD_TO_TALLY, [':need_id', ':shard', '1']))};`,
    '\\else',
    '\\set engaged 1',
    '\\endif',
    'COMMIT;',
    '\\if :changed = 1 and :engaged = 0',
    engage('settled', '0'),
    '\\endif',
    `${one(sub(SUMMARIES, ['ARRAY[:need_id]', ':person_id', '50']))};`,
    '',
  ].join('\n');
}

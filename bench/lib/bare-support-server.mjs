#!/usr/bin/env node
// The baseline of bench/support-write.mjs: a bare node:http + pg server running the supportNeed SQL
// (bench/lib/support-sql.mjs) with the api's pool size, and nothing else (no framework, no GraphQL).
//
//   DATABASE_URL=… PORT=… POOL=10 node bench/lib/bare-support-server.mjs
//   POST /support {"needId": "…"} with Authorization: Bearer <session token> → the participation summary
import http from 'node:http';
import { createHash, randomInt } from 'node:crypto';
import pg from 'pg';
import { ADD_TO_TALLY, ENGAGE_IF_REACHED, INSERT_SUPPORT, OPEN_NEED, PAPER_IDENTITIES, RESOLVE_SESSION, SHARDS, SUMMARIES } from './support-sql.mjs';

const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: Number(process.env.POOL ?? 10) });

async function support(token, needId) {
  const tokenHash = createHash('sha256').update(token, 'utf8').digest();
  const [session] = (await pool.query(RESOLVE_SESSION, [tokenHash, 60])).rows;
  if (!session) return { status: 401, body: { error: 'unauthenticated' } };
  if (session.stale) {
    await pool.query(`UPDATE session SET last_seen_at = now() WHERE id = $1`, [session.sessionId]);
    await pool.query(`UPDATE person SET last_active_at = now() WHERE id = $1 AND last_active_at < now() - interval '1 hour'`, [session.personId]);
  }
  const personId = session.personId;
  const client = await pool.connect();
  let changed = false;
  let engaged = true;
  try {
    await client.query('START TRANSACTION');
    const [need] = (await client.query(OPEN_NEED, [needId])).rows;
    if (!need || need.status !== 'transmitted' || need.authorId === personId) throw Object.assign(new Error('not supportable'), { status: 400 });
    (await client.query(PAPER_IDENTITIES, [personId])).rows; // no FranceConnect identities here: no advisory lock taken
    const inserted = await client.query(INSERT_SUPPORT, [needId, personId]);
    if (inserted.rowCount) {
      changed = true;
      engaged = (await client.query(ENGAGE_IF_REACHED, [needId, 1])).rows[0].engaged === true;
      await client.query(ADD_TO_TALLY, [needId, randomInt(SHARDS), 1]);
    }
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK');
    if (error.status) return { status: 400, body: { error: error.message } };
    throw error;
  } finally {
    client.release();
  }
  if (changed && !engaged) await pool.query(ENGAGE_IF_REACHED, [needId, 0]);
  const [summary] = (await pool.query(SUMMARIES, [[needId], personId, 50])).rows;
  return { status: 200, body: { supportCount: Number(summary.supportCount), viewerSupports: summary.viewerSupports } };
}

const server = http.createServer((request, response) => {
  const chunks = [];
  request.on('data', (chunk) => chunks.push(chunk));
  request.on('end', async () => {
    try {
      const { needId } = JSON.parse(Buffer.concat(chunks).toString('utf8'));
      const authorization = request.headers.authorization ?? '';
      const result = await support(authorization.startsWith('Bearer ') ? authorization.slice(7) : '', needId);
      response.writeHead(result.status, { 'content-type': 'application/json' }).end(JSON.stringify(result.body));
    } catch (error) {
      response.writeHead(500, { 'content-type': 'application/json' }).end(JSON.stringify({ error: String(error.message) }));
    }
  });
});
server.keepAliveTimeout = 60_000;
server.listen(Number(process.env.PORT), '127.0.0.1', () => console.log(`bare support server ready on ${process.env.PORT}`));
process.on('SIGTERM', () => server.close(() => pool.end().then(() => process.exit(0))));

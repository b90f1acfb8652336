import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { affectedOf, rowsOf } from '@pit/core';
import { ROLES, STAFF_ROLES, type Actor, type RequestInfo, type Role, type RoleGrant } from './actor.js';
import { randomToken, tokenHash } from './secrets.js';

export const SESSION_LIMITS = {
  residentDays: 30,
  staffHours: 12,
  staffIdleSeconds: 30 * 60,
  /** last_seen_at is written at most this often. */
  touchEverySeconds: 60,
} as const;

export interface SessionSummary {
  id: string;
  authMethod: string;
  createdAt: Date;
  lastSeenAt: Date;
  ip: string | null;
  userAgent: string | null;
}

export interface NewSession {
  token: string;
  sessionId: string;
  expiresAt: Date;
}

@Injectable()
export class SessionsService {
  constructor(private readonly dataSource: DataSource) {}

  /** A new session (a new token on every login: no fixation). Staff get short, idle-limited sessions. */
  async create(manager: EntityManager, personId: string, authMethod: string, request: RequestInfo, idToken: string | null = null): Promise<NewSession> {
    const token = randomToken();
    const [{ staff }] = await manager.query(`SELECT EXISTS (SELECT 1 FROM role_assignment WHERE person_id = $1 AND role = ANY($2)) AS staff`, [
      personId,
      STAFF_ROLES,
    ]);
    const rows: Array<{ id: string; expires_at: Date }> = await manager.query(
      `INSERT INTO session (token_hash, person_id, auth_method, expires_at, idle_timeout_seconds, ip, user_agent, id_token)
       VALUES ($1, $2, $3, now() + $4::interval, $5, $6, $7, $8)
       RETURNING id, expires_at`,
      [
        tokenHash(token),
        personId,
        authMethod,
        staff ? `${SESSION_LIMITS.staffHours} hours` : `${SESSION_LIMITS.residentDays} days`,
        staff ? SESSION_LIMITS.staffIdleSeconds : null,
        request.clientIp,
        request.userAgent?.slice(0, 300) ?? null,
        idToken,
      ],
    );
    await manager.query(`UPDATE person SET last_active_at = now() WHERE id = $1`, [personId]);
    return { token, sessionId: rows[0]!.id, expiresAt: rows[0]!.expires_at };
  }

  /** The actor behind a session token, or null when it is unknown, revoked, expired or idle too long. */
  async resolve(token: string): Promise<Actor | null> {
    if (!token || token.length > 100) return null;
    const rows: Array<{ sessionId: string; personId: string; pseudonym: string; roles: RoleGrant[]; stale: boolean }> = await this.dataSource.query(
      `SELECT s.id AS "sessionId", p.id AS "personId", p.pseudonym,
              COALESCE((SELECT json_agg(json_build_object('role', r.role, 'authorityId', r.authority_id))
                          FROM role_assignment r WHERE r.person_id = p.id), '[]') AS roles,
              s.last_seen_at < now() - make_interval(secs => $2) AS stale
         FROM session s JOIN person p ON p.id = s.person_id
        WHERE s.token_hash = $1 AND s.revoked_at IS NULL AND s.expires_at > now() AND p.deactivated_at IS NULL
          AND (s.idle_timeout_seconds IS NULL OR s.last_seen_at > now() - make_interval(secs => s.idle_timeout_seconds))`,
      [tokenHash(token), SESSION_LIMITS.touchEverySeconds],
    );
    const row = rows[0];
    if (!row) return null;
    if (row.stale) {
      await this.dataSource.query(`UPDATE session SET last_seen_at = now() WHERE id = $1`, [row.sessionId]);
      await this.dataSource.query(`UPDATE person SET last_active_at = now() WHERE id = $1 AND last_active_at < now() - interval '1 hour'`, [row.personId]);
    }
    return {
      sessionId: row.sessionId,
      personId: row.personId,
      pseudonym: row.pseudonym,
      roles: row.roles.filter((grant) => (ROLES as readonly string[]).includes(grant.role)).map((grant) => ({ role: grant.role as Role, authorityId: grant.authorityId })),
    };
  }

  async list(personId: string): Promise<SessionSummary[]> {
    return this.dataSource.query(
      `SELECT id, auth_method AS "authMethod", created_at AS "createdAt", last_seen_at AS "lastSeenAt", ip, user_agent AS "userAgent"
         FROM session
        WHERE person_id = $1 AND revoked_at IS NULL AND expires_at > now()
          AND (idle_timeout_seconds IS NULL OR last_seen_at > now() - make_interval(secs => idle_timeout_seconds))
        ORDER BY last_seen_at DESC`,
      [personId],
    );
  }

  /** Revokes one of the person's sessions; returns its id_token (for the provider's logout) when it had one. */
  async revoke(personId: string, sessionId: string, manager: EntityManager = this.dataSource.manager): Promise<{ revoked: boolean; idToken: string | null }> {
    const rows = rowsOf<{ id_token: string | null }>(
      await manager.query(`UPDATE session SET revoked_at = now() WHERE id = $1 AND person_id = $2 AND revoked_at IS NULL RETURNING id_token`, [
        sessionId,
        personId,
      ]),
    );
    return { revoked: rows.length > 0, idToken: rows[0]?.id_token ?? null };
  }

  /** "Se déconnecter partout": every session of the person, the current one included. */
  async revokeAll(personId: string, manager: EntityManager = this.dataSource.manager): Promise<number> {
    const result = await manager.query(`UPDATE session SET revoked_at = now() WHERE person_id = $1 AND revoked_at IS NULL`, [personId]);
    return affectedOf(result);
  }
}

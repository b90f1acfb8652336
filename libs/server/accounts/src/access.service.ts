import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { forbidden, unauthenticated } from '@pit/core';
import type { Actor } from './actor.js';

/**
 * Every action a resolver, form action or job may check. Each maps to one SQL condition over
 * a resource id `r` (or none) and the acting person `$1`.
 */
const IS_ADMIN = `EXISTS (SELECT 1 FROM role_assignment a WHERE a.person_id = $1 AND a.role = 'admin')`;

const RULES = {
  /** Any logged-in person acting on their own account. */
  'account.self': { on: 'none', sql: 'true' },
  /** Manage an organisation (invite, remove members): its representatives. */
  'organisation.manage': {
    on: 'resource',
    sql: `EXISTS (SELECT 1 FROM organisation_member m WHERE m.organisation_id = r AND m.person_id = $1 AND m.role = 'representative')`,
  },
  /** See an organisation's members: its members, and admins. */
  'organisation.read': { on: 'resource', sql: `EXISTS (SELECT 1 FROM organisation_member m WHERE m.organisation_id = r AND m.person_id = $1) OR ${IS_ADMIN}` },
  /** Verify organisations: admins. */
  'organisation.verify': { on: 'none', sql: IS_ADMIN },
  /** Assign and revoke staff roles: admins. */
  'role.manage': { on: 'none', sql: IS_ADMIN },
  /** Browse and export the audit journal of staff mutations: admins. */
  'audit.read': { on: 'none', sql: IS_ADMIN },
  /** See and act on the jobs queue (Bull Board at /admin/queues on the api): admins. */
  'ops.queues': { on: 'none', sql: IS_ADMIN },
  /** See the progress of an inbox CSV export and download it: the person who asked for it, and admins. */
  'export.read': { on: 'resource', sql: `EXISTS (SELECT 1 FROM inbox_export x WHERE x.id = r AND x.requested_by = $1) OR ${IS_ADMIN}` },
  /** Read an authority's inbox: its agents, and admins. */
  'authority.inbox': {
    on: 'resource',
    sql: `EXISTS (SELECT 1 FROM role_assignment a WHERE a.person_id = $1 AND a.role = 'agent' AND a.authority_id = r) OR ${IS_ADMIN}`,
  },
  /** Edit or withdraw a need: its author (the service also checks its status). */
  'need.author': { on: 'resource', sql: `EXISTS (SELECT 1 FROM need n WHERE n.id = r AND n.author_id = $1)` },
  /** Support and follow a public need: any logged-in person (the need's own rules are ParticipationService's). */
  'need.participate': { on: 'none', sql: 'true' },
  /** Record supports collected on paper: mediators (of any authority), and admins. */
  'need.paper_supports': { on: 'none', sql: `EXISTS (SELECT 1 FROM role_assignment a WHERE a.person_id = $1 AND a.role = 'mediator') OR ${IS_ADMIN}` },
  /** Back a need in an organisation's name, or withdraw the backing: its representatives. */
  'organisation.back': {
    on: 'resource',
    sql: `EXISTS (SELECT 1 FROM organisation_member m WHERE m.organisation_id = r AND m.person_id = $1 AND m.role = 'representative')`,
  },
  /** See and change an authority's support threshold and answer delay: its agents, and admins. */
  'authority.settings': {
    on: 'resource',
    sql: `EXISTS (SELECT 1 FROM role_assignment a WHERE a.person_id = $1 AND a.role = 'agent' AND a.authority_id = r) OR ${IS_ADMIN}`,
  },
  /** Say whether the service answers a réalisé need ("useful, usable, used"): its author and its supporters. */
  'need.service_feedback': {
    on: 'resource',
    sql: `EXISTS (SELECT 1 FROM need n WHERE n.id = r AND (n.author_id = $1 OR EXISTS (SELECT 1 FROM need_support s WHERE s.need_id = n.id AND s.person_id = $1)))`,
  },
  /** Edit or delete a comment: its author. */
  'comment.author': { on: 'resource', sql: `EXISTS (SELECT 1 FROM comment c WHERE c.id = r AND c.author_id = $1)` },
  /** Read comment reports: moderators and admins. */
  'comment.moderate': { on: 'none', sql: `EXISTS (SELECT 1 FROM role_assignment a WHERE a.person_id = $1 AND a.role IN ('moderator', 'admin'))` },
  /** Move a need through the status workflow (except masqué): agents of the need's current authority or of a co-assigned one, and admins. */
  'need.triage': {
    on: 'resource',
    sql: `EXISTS (SELECT 1 FROM need n JOIN role_assignment a ON a.authority_id = n.authority_id WHERE n.id = r AND a.person_id = $1 AND a.role = 'agent')
       OR EXISTS (SELECT 1 FROM need_co_assignment ca JOIN role_assignment a ON a.authority_id = ca.authority_id WHERE ca.need_id = r AND a.person_id = $1 AND a.role = 'agent')
       OR ${IS_ADMIN}`,
  },
  /** Move a need (requalify, transfer) or co-assign a second authority to it, or end that: agents of the need's current authority (not of a co-assigned one), and admins. */
  'need.co_assign': {
    on: 'resource',
    sql: `EXISTS (SELECT 1 FROM need n JOIN role_assignment a ON a.authority_id = n.authority_id WHERE n.id = r AND a.person_id = $1 AND a.role = 'agent') OR ${IS_ADMIN}`,
  },
  /** Edit the routing rules: admins. */
  'routing.manage': { on: 'none', sql: IS_ADMIN },
  /** Edit the places that help with digital procedures (/aide): admins. */
  'help.manage': { on: 'none', sql: IS_ADMIN },
  /** See and register an authority's webhooks (partner back offices): its agents, and admins. */
  'authority.webhooks': {
    on: 'resource',
    sql: `EXISTS (SELECT 1 FROM role_assignment a WHERE a.person_id = $1 AND a.role = 'agent' AND a.authority_id = r) OR ${IS_ADMIN}`,
  },
  /** Disable a webhook, read its deliveries: the agents of its authority, and admins. */
  'webhook.manage': {
    on: 'resource',
    sql: `EXISTS (SELECT 1 FROM webhook w JOIN role_assignment a ON a.authority_id = w.authority_id WHERE w.id = r AND a.person_id = $1 AND a.role = 'agent') OR ${IS_ADMIN}`,
  },
  /** Issue and revoke the Open311 API keys of partners: admins. */
  'open311.manage': { on: 'none', sql: IS_ADMIN },
  /** Deactivate a departing agent, hand over someone else's needs: admins. */
  'staff.manage': { on: 'none', sql: IS_ADMIN },
  /** Choose how one hears of new needs (staff alerts): agents (of any authority), and admins. */
  'staff.self': { on: 'none', sql: `EXISTS (SELECT 1 FROM role_assignment a WHERE a.person_id = $1 AND a.role = 'agent') OR ${IS_ADMIN}` },
  /** Hide a need by moderation (masqué, with a public reason): moderators and admins. */
  'need.moderate': {
    on: 'resource',
    sql: `EXISTS (SELECT 1 FROM need n WHERE n.id = r) AND EXISTS (SELECT 1 FROM role_assignment a WHERE a.person_id = $1 AND a.role IN ('moderator', 'admin'))`,
  },
  /** Read the whole moderation queue, dismiss reports: moderators and admins. */
  'moderation.queue': { on: 'none', sql: `EXISTS (SELECT 1 FROM role_assignment a WHERE a.person_id = $1 AND a.role IN ('moderator', 'admin'))` },
  /** Read an authority's needs held by pre-moderation: its agents, moderators and admins. */
  'moderation.held': {
    on: 'resource',
    sql: `EXISTS (SELECT 1 FROM role_assignment a WHERE a.person_id = $1 AND (a.role IN ('moderator', 'admin') OR (a.role = 'agent' AND a.authority_id = r)))`,
  },
  /** Approve or reject a need held by pre-moderation: agents of the need's current authority, moderators and admins. */
  'need.approve': {
    on: 'resource',
    sql: `EXISTS (SELECT 1 FROM need n JOIN role_assignment a ON a.person_id = $1 WHERE n.id = r AND (a.role IN ('moderator', 'admin') OR (a.role = 'agent' AND a.authority_id = n.authority_id)))`,
  },
  /** Record a need for someone else (assisted, phone, paper or email intake) for a place: its mediators and agents, and admins. */
  'need.assist': {
    on: 'resource',
    sql: `EXISTS (SELECT 1 FROM role_assignment a WHERE a.person_id = $1 AND a.role IN ('mediator', 'agent') AND a.authority_id = r) OR ${IS_ADMIN}`,
  },
  /** See all of a place's mandates and to-dos (with residents' contacts): its mediators, and admins. */
  'mediation.place': { on: 'resource', sql: `EXISTS (SELECT 1 FROM role_assignment a WHERE a.person_id = $1 AND a.role = 'mediator' AND a.authority_id = r) OR ${IS_ADMIN}` },
  /** See, use and revoke a mandate (its contact): the mediators of its place, the person who recorded it, and admins. */
  'mandate.manage': {
    on: 'resource',
    sql: `EXISTS (SELECT 1 FROM need_mandate m WHERE m.id = r AND (m.mediator_id = $1
            OR EXISTS (SELECT 1 FROM role_assignment a WHERE a.person_id = $1 AND a.role = 'mediator' AND a.authority_id = m.authority_id)))
       OR ${IS_ADMIN}`,
  },
  /** See and close a to-do of a place: as mandate.manage for its mandate. */
  'mediation.todo': {
    on: 'resource',
    sql: `EXISTS (SELECT 1 FROM mediation_todo t JOIN need_mandate m ON m.id = t.mandate_id WHERE t.id = r AND (m.mediator_id = $1
            OR EXISTS (SELECT 1 FROM role_assignment a WHERE a.person_id = $1 AND a.role = 'mediator' AND a.authority_id = t.authority_id)))
       OR ${IS_ADMIN}`,
  },
  /** Needs per channel and commune: admins. */
  'channel.stats': { on: 'none', sql: IS_ADMIN },
  /** Answer a request to carry one's support over to the need kept by a merge: that supporter only. */
  'support_carry_over.respond': { on: 'resource', sql: `EXISTS (SELECT 1 FROM support_carry_over c WHERE c.id = r AND c.person_id = $1)` },
} as const satisfies Record<string, { on: 'none' | 'resource'; sql: string }>;

export type Action = keyof typeof RULES;

@Injectable()
export class AccessService {
  constructor(private readonly dataSource: DataSource) {}

  /** Throws UNAUTHENTICATED without an actor, FORBIDDEN unless every resource passes; one query. */
  async require(actor: Actor | null, action: Action, resourceIds: string[] = []): Promise<Actor> {
    if (!actor) throw unauthenticated();
    if (!(await this.check(actor, action, resourceIds))) throw forbidden();
    return actor;
  }

  async check(actor: Actor, action: Action, resourceIds: string[] = []): Promise<boolean> {
    const rule = RULES[action];
    if (rule.on === 'none') {
      if (rule.sql === 'true') return true;
      const [row] = await this.dataSource.query(`SELECT (${rule.sql}) AS ok`, [actor.personId]);
      return row.ok === true;
    }
    if (!resourceIds.length || resourceIds.some((id) => !UUID.test(id))) return false;
    const [row] = await this.dataSource.query(
      `SELECT bool_and(${rule.sql}) AS ok FROM unnest($2::uuid[]) AS r`,
      [actor.personId, [...new Set(resourceIds)]],
    );
    return row.ok === true;
  }

  /** The resources among `resourceIds` (uuids) that fail a per-resource rule, in one query: for reports naming each denied item. */
  async deniedIds(actor: Actor, action: Action, resourceIds: string[]): Promise<Set<string>> {
    const rule = RULES[action];
    if (rule.on !== 'resource') throw new Error(`${action} is not a per-resource rule`);
    const ids = [...new Set(resourceIds)].filter((id) => UUID.test(id));
    if (!ids.length) return new Set();
    const rows: Array<{ id: string }> = await this.dataSource.query(`SELECT r AS id FROM unnest($2::uuid[]) AS r WHERE NOT coalesce((${rule.sql}), false)`, [actor.personId, ids]);
    return new Set(rows.map((row) => row.id));
  }
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

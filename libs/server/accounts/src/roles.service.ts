import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AuditService, badUserInput, rowsOf } from '@pit/core';
import { ROLES, type Actor, type Role } from './actor.js';
import { EmailTokensService } from './email-tokens.service.js';
import { collect, emailProblem, normalizeEmail } from './validation.js';

export interface RoleAssignmentRow {
  id: string;
  personId: string;
  pseudonym: string;
  email: string | null;
  role: Role;
  authorityId: string | null;
  createdAt: Date;
}

/** Roles that belong to one authority (a commune, an EPCI, the Pôle). */
const SCOPED: readonly Role[] = ['agent', 'mediator'];

@Injectable()
export class RolesService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly tokens: EmailTokensService,
    private readonly audit: AuditService,
  ) {}

  /** Gives a role to the account with this email (agents and mediators: for one authority). */
  async assign(actor: Actor | null, input: { email: string; role: string; authorityId?: string | null }): Promise<RoleAssignmentRow> {
    const email = normalizeEmail(input.email);
    const role = input.role as Role;
    const scoped = SCOPED.includes(role);
    const errors = collect(
      ['email', emailProblem(email)],
      ['role', (ROLES as readonly string[]).includes(role) ? null : 'Choisissez un rôle : administrateur, modérateur, agent ou médiateur.'],
      ['authorityId', scoped && !input.authorityId ? 'Choisissez la collectivité de cet agent ou médiateur.' : null],
    );
    if (errors.length) throw badUserInput(errors);
    return this.dataSource.transaction(async (manager) => {
      const [person] = await manager.query(`SELECT id FROM person WHERE email = $1 AND deactivated_at IS NULL`, [email]);
      if (!person) throw badUserInput([{ field: 'email', message: "Aucun compte n'utilise cette adresse : la personne doit d'abord créer son compte." }]);
      let authorityId: string | null = null;
      if (scoped) {
        const [authority] = await manager.query(`SELECT id FROM authority WHERE id::text = $1 AND kind <> 'external'`, [input.authorityId]);
        if (!authority) throw badUserInput([{ field: 'authorityId', message: "Cette collectivité n'existe pas." }]);
        authorityId = authority.id;
      }
      const [row] = rowsOf<{ id: string }>(
        await manager.query(
          `INSERT INTO role_assignment (person_id, role, authority_id, created_by) VALUES ($1, $2, $3, $4)
           ON CONFLICT DO NOTHING RETURNING id`,
          [person.id, role, authorityId, actor?.personId ?? null],
        ),
      );
      if (!row) throw badUserInput([{ field: 'role', message: 'Cette personne a déjà ce rôle.' }]);
      // Staff sessions must be short: the person logs in again under the new rules.
      await manager.query(`UPDATE session SET revoked_at = now() WHERE person_id = $1 AND revoked_at IS NULL AND idle_timeout_seconds IS NULL`, [person.id]);
      await this.audit.record(manager, {
        actorId: actor?.personId ?? null,
        action: 'role.assign',
        subjectType: 'role_assignment',
        subjectId: row.id,
        before: null,
        after: { personId: person.id, role, authorityId },
        authorityId,
      });
      return (await this.list(manager, row.id))[0]!;
    });
  }

  /** Withdraws a staff role (audited with the role it was). */
  async revoke(actor: Actor | null, assignmentId: string): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      const rows = rowsOf<{ id: string; person_id: string; role: Role; authority_id: string | null }>(
        await manager.query(`DELETE FROM role_assignment WHERE id::text = $1 RETURNING id, person_id, role, authority_id`, [assignmentId]),
      );
      const [removed] = rows;
      if (!removed) throw badUserInput([{ field: 'assignmentId', message: "Ce rôle n'existe pas (ou plus)." }]);
      await this.audit.record(manager, {
        actorId: actor?.personId ?? null,
        action: 'role.revoke',
        subjectType: 'role_assignment',
        subjectId: removed.id,
        before: { personId: removed.person_id, role: removed.role, authorityId: removed.authority_id },
        after: null,
        authorityId: removed.authority_id,
      });
    });
  }

  async list(manager = this.dataSource.manager, id: string | null = null): Promise<RoleAssignmentRow[]> {
    return manager.query(
      `SELECT r.id, r.person_id AS "personId", p.pseudonym, p.email, r.role, r.authority_id AS "authorityId", r.created_at AS "createdAt"
         FROM role_assignment r JOIN person p ON p.id = r.person_id
        WHERE $1::uuid IS NULL OR r.id = $1
        ORDER BY r.role, p.pseudonym`,
      [id],
    );
  }

  /**
   * The first admin, from the command line (`npm run admin:create -- --email …`): creates the
   * account without a password if needed, grants the role and sends a link to choose a password.
   */
  async createAdmin(rawEmail: string, pseudonym: string): Promise<{ personId: string; created: boolean; tokenId: string }> {
    const email = normalizeEmail(rawEmail);
    const problem = emailProblem(email);
    if (problem) throw badUserInput([{ field: 'email', message: problem }]);
    return this.dataSource.transaction(async (manager) => {
      let [person] = await manager.query(`SELECT id FROM person WHERE email = $1`, [email]);
      const created = !person;
      if (!person) {
        [person] = await manager.query(
          `INSERT INTO person (pseudonym, pseudonym_key, email) VALUES ($1, lower($1), $2)
           ON CONFLICT (pseudonym_key) DO NOTHING RETURNING id`,
          [pseudonym, email],
        );
        if (!person) throw badUserInput([{ field: 'pseudonym', message: 'Ce pseudonyme est déjà pris : choisissez-en un autre (--pseudonym).' }]);
      }
      const granted = rowsOf<{ id: string }>(
        await manager.query(`INSERT INTO role_assignment (person_id, role) VALUES ($1, 'admin') ON CONFLICT DO NOTHING RETURNING id`, [person.id]),
      );
      // From the command line: no acting person (the system).
      if (granted[0]) {
        await this.audit.record(manager, {
          actorId: null,
          action: 'role.assign',
          subjectType: 'role_assignment',
          subjectId: granted[0].id,
          before: null,
          after: { personId: person.id, role: 'admin', authorityId: null },
        });
      }
      const tokenId = await this.tokens.issue(manager, { purpose: 'reset_password', email, personId: person.id });
      return { personId: person.id, created, tokenId };
    });
  }
}

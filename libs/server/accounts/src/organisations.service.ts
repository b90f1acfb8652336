import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AuditService, badUserInput, rowsOf } from '@pit/core';
import type { Actor } from './actor.js';
import { EmailTokensService } from './email-tokens.service.js';
import {
  IDENTIFIER_TYPES,
  ORGANISATION_KINDS,
  identifierProblem,
  normalizeIdentifier,
  type IdentifierType,
  type OrganisationKind,
} from './organisation-identifiers.js';
import { collect, emailProblem, normalizeEmail } from './validation.js';

export const MEMBER_ROLES = ['representative', 'member'] as const;
export type MemberRole = (typeof MEMBER_ROLES)[number];

export interface OrganisationRow {
  id: string;
  name: string;
  kind: OrganisationKind;
  identifierType: IdentifierType;
  identifier: string | null;
  verifiedAt: Date | null;
  createdAt: Date;
  myRole: MemberRole | null;
}

export interface MemberRow {
  personId: string;
  pseudonym: string;
  role: MemberRole;
  joinedAt: Date;
}

const ORGANISATION_COLUMNS = `o.id, o.name, o.kind, o.identifier_type AS "identifierType", o.identifier,
  o.verified_at AS "verifiedAt", o.created_at AS "createdAt"`;

/** Organisations and their members. Authorization is checked by the callers (AccessService). */
@Injectable()
export class OrganisationsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly tokens: EmailTokensService,
    private readonly audit: AuditService,
  ) {}

  /** The creator becomes its first representative; an admin verifies it later. */
  async create(actor: Actor, input: { name: string; kind: string; identifierType: string; identifier?: string | null }): Promise<OrganisationRow> {
    const name = input.name.normalize('NFC').trim();
    const identifierType = input.identifierType as IdentifierType;
    const identifier = normalizeIdentifier(input.identifier ?? '');
    const errors = collect(
      ['name', !name ? "Indiquez le nom de l'organisation." : [...name].length > 150 ? 'Le nom compte 150 caractères au plus.' : null],
      ['kind', (ORGANISATION_KINDS as readonly string[]).includes(input.kind) ? null : "Choisissez le type d'organisation."],
      [
        'identifier',
        (IDENTIFIER_TYPES as readonly string[]).includes(identifierType) ? identifierProblem(identifierType, identifier) : "Choisissez le type d'identifiant.",
      ],
    );
    if (errors.length) throw badUserInput(errors);
    return this.dataSource.transaction(async (manager) => {
      if (identifier) {
        const [taken] = await manager.query(`SELECT 1 FROM organisation WHERE identifier_type = $1 AND identifier = $2`, [identifierType, identifier]);
        if (taken) throw badUserInput([{ field: 'identifier', message: 'Une organisation avec ce numéro existe déjà : demandez à ses représentants de vous inviter.' }]);
      }
      const [row] = await manager.query(
        `INSERT INTO organisation (name, kind, identifier_type, identifier, created_by) VALUES ($1, $2, $3, $4, $5) RETURNING id`,
        [name, input.kind, identifierType, identifier || null, actor.personId],
      );
      await manager.query(`INSERT INTO organisation_member (organisation_id, person_id, role) VALUES ($1, $2, 'representative')`, [row.id, actor.personId]);
      const [organisation] = await manager.query(`SELECT ${ORGANISATION_COLUMNS}, 'representative' AS "myRole" FROM organisation o WHERE o.id = $1`, [row.id]);
      return organisation;
    });
  }

  async mine(actor: Actor): Promise<OrganisationRow[]> {
    return this.dataSource.query(
      `SELECT ${ORGANISATION_COLUMNS}, m.role AS "myRole"
         FROM organisation o JOIN organisation_member m ON m.organisation_id = o.id AND m.person_id = $1
        ORDER BY o.name`,
      [actor.personId],
    );
  }

  async pending(): Promise<OrganisationRow[]> {
    return this.dataSource.query(`SELECT ${ORGANISATION_COLUMNS}, NULL AS "myRole" FROM organisation o WHERE o.verified_at IS NULL ORDER BY o.created_at`);
  }

  async members(organisationId: string): Promise<MemberRow[]> {
    return this.dataSource.query(
      `SELECT p.id AS "personId", p.pseudonym, m.role, m.joined_at AS "joinedAt"
         FROM organisation_member m JOIN person p ON p.id = m.person_id
        WHERE m.organisation_id = $1 ORDER BY m.role DESC, p.pseudonym`,
      [organisationId],
    );
  }

  async invite(actor: Actor, organisationId: string, rawEmail: string, role: string): Promise<void> {
    const email = normalizeEmail(rawEmail);
    const errors = collect(
      ['email', emailProblem(email)],
      ['role', (MEMBER_ROLES as readonly string[]).includes(role) ? null : 'Choisissez le rôle : représentant ou membre.'],
    );
    if (errors.length) throw badUserInput(errors);
    await this.dataSource.transaction(async (manager) => {
      const [member] = await manager.query(
        `SELECT 1 FROM organisation_member m JOIN person p ON p.id = m.person_id WHERE m.organisation_id = $1 AND p.email = $2`,
        [organisationId, email],
      );
      if (member) throw badUserInput([{ field: 'email', message: 'Cette personne est déjà membre de l’organisation.' }]);
      await this.tokens.issue(manager, { purpose: 'organisation_invitation', email, personId: actor.personId, subjectId: organisationId, detail: role });
    });
  }

  /** Joins the organisation of an invitation, as the logged-in person (whatever their address). */
  async acceptInvitation(actor: Actor, secret: string): Promise<OrganisationRow> {
    return this.dataSource.transaction(async (manager) => {
      const token = await this.tokens.consume(manager, 'organisation_invitation', secret);
      await manager.query(
        `INSERT INTO organisation_member (organisation_id, person_id, role) VALUES ($1, $2, $3)
         ON CONFLICT (organisation_id, person_id) DO UPDATE SET role = CASE WHEN organisation_member.role = 'representative' THEN 'representative' ELSE EXCLUDED.role END`,
        [token.subjectId, actor.personId, token.detail ?? 'member'],
      );
      const [organisation] = await manager.query(
        `SELECT ${ORGANISATION_COLUMNS}, m.role AS "myRole" FROM organisation o JOIN organisation_member m ON m.organisation_id = o.id AND m.person_id = $2 WHERE o.id = $1`,
        [token.subjectId, actor.personId],
      );
      return organisation;
    });
  }

  /** Removes a member; an organisation always keeps at least one representative. */
  async removeMember(organisationId: string, personId: string): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      const members = await manager.query(`SELECT person_id, role FROM organisation_member WHERE organisation_id = $1 FOR UPDATE`, [organisationId]);
      const target = members.find((member: { person_id: string }) => member.person_id === personId);
      if (!target) throw badUserInput([{ field: 'personId', message: "Cette personne n'est pas membre de l'organisation." }]);
      const representatives = members.filter((member: { role: string }) => member.role === 'representative').length;
      if (target.role === 'representative' && representatives === 1) {
        throw badUserInput([{ field: 'personId', message: "L'organisation doit garder au moins un représentant." }]);
      }
      await manager.query(`DELETE FROM organisation_member WHERE organisation_id = $1 AND person_id = $2`, [organisationId, personId]);
    });
  }

  /** Marks it verified (once: verifying again changes nothing and writes no audit entry). */
  async verify(actor: Actor, organisationId: string): Promise<OrganisationRow> {
    return this.dataSource.transaction(async (manager) => {
      const [current] = await manager.query(`SELECT verified_at AS "verifiedAt", verified_by AS "verifiedBy" FROM organisation WHERE id::text = $1 FOR UPDATE`, [organisationId]);
      if (!current) throw badUserInput([{ field: 'organisationId', message: "Cette organisation n'existe pas." }]);
      if (!current.verifiedAt) {
        const [updated] = rowsOf<{ verifiedAt: Date }>(
          await manager.query(`UPDATE organisation SET verified_at = now(), verified_by = $2 WHERE id = $1 RETURNING verified_at AS "verifiedAt"`, [organisationId, actor.personId]),
        );
        await this.audit.record(manager, {
          actorId: actor.personId,
          action: 'organisation.verify',
          subjectType: 'organisation',
          subjectId: organisationId,
          before: { verifiedAt: null, verifiedBy: null },
          after: { verifiedAt: updated!.verifiedAt.toISOString(), verifiedBy: actor.personId },
        });
      }
      const [organisation] = await manager.query(`SELECT ${ORGANISATION_COLUMNS}, NULL AS "myRole" FROM organisation o WHERE o.id = $1`, [organisationId]);
      return organisation;
    });
  }
}

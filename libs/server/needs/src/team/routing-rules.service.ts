import { Injectable } from '@nestjs/common';
import { DataSource, QueryFailedError, type EntityManager } from 'typeorm';
import { CompetenceLevel } from '@pit/domain';
import { AuditService, badUserInput, rowsOf, type FieldError } from '@pit/core';
import { TerritoryService } from '@pit/territory';
import type { Actor } from '@pit/accounts';
import { cleanText } from '../needs.service.js';

export interface RoutingRuleRow {
  id: string;
  categoryKey: string;
  epciId: string;
  communeCode: string | null;
  level: CompetenceLevel;
  sentence: string;
  externalAuthorityId: string | null;
  toVerify: boolean;
  updatedAt: Date;
}

export interface SaveRoutingRuleCommand {
  id?: string | null;
  categoryKey: string;
  epciCode: string;
  communeCode?: string | null;
  level: CompetenceLevel;
  sentence: string;
  externalAuthorityId?: string | null;
}

/** The sentence shown to residents: its length, and the only placeholders fillReason knows. */
export const RULE_SENTENCE_LIMITS = { min: 10, max: 1000 } as const;
const PLACEHOLDERS = new Set(['{de_autorite}', '{a_autorite}']);
const LEVELS: readonly string[] = Object.values(CompetenceLevel);
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const COLUMNS = `r.id, r.category_key AS "categoryKey", r.epci_id AS "epciId", r.commune_code AS "communeCode", r.level,
  r.reason_template AS sentence, r.external_authority_id AS "externalAuthorityId", r.to_verify AS "toVerify", r.updated_at AS "updatedAt"`;

/**
 * Admins edit the routing rules (category × EPCI, optional commune → level and sentence). An edit
 * applies to needs routed afterwards: a need_routing row keeps the level, authority and sentence of
 * its time (and rule_id becomes null when its rule is deleted). Every write is audited with
 * before/after in its transaction. Authorization (routing.manage) is the resolver's.
 */
@Injectable()
export class RoutingRulesService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly territory: TerritoryService,
    private readonly audit: AuditService,
  ) {}

  /** Rules filtered by EPCI (code), theme and category, ordered by EPCI, theme, category, then the EPCI-wide row first. */
  async list(filter: { epciCode?: string | null; categoryKey?: string | null; themeKey?: string | null }): Promise<RoutingRuleRow[]> {
    return this.dataSource.query(
      `SELECT ${COLUMNS}
         FROM routing_rule r
         JOIN authority e ON e.id = r.epci_id
         JOIN category c ON c.key = r.category_key
         JOIN theme t ON t.key = c.theme_key
        WHERE ($1::text IS NULL OR e.code = $1) AND ($2::text IS NULL OR r.category_key = $2) AND ($3::text IS NULL OR t.key = $3)
        ORDER BY e.name, t.position, c.position, r.commune_code NULLS FIRST`,
      [filter.epciCode?.slice(0, 20) || null, filter.categoryKey?.slice(0, 100) || null, filter.themeKey?.slice(0, 100) || null],
    );
  }

  async find(id: string, manager: EntityManager = this.dataSource.manager): Promise<RoutingRuleRow | null> {
    if (!UUID.test(id)) return null;
    const [row] = await manager.query(`SELECT ${COLUMNS} FROM routing_rule r WHERE r.id = $1`, [id]);
    return row ?? null;
  }

  /** Creates a rule, or changes one (`id`). BAD_USER_INPUT names each field at fault. */
  async save(actor: Actor, command: SaveRoutingRuleCommand): Promise<RoutingRuleRow> {
    const sentence = cleanText(command.sentence ?? '');
    const communeCode = command.communeCode?.trim() || null;
    const errors: FieldError[] = [];
    const category = await this.territory.category((command.categoryKey ?? '').slice(0, 100));
    if (!category) errors.push({ field: 'categoryKey', message: 'Choisissez une catégorie de la liste.' });
    const epci = (await this.territory.authorities('epci')).find((authority) => authority.code === (command.epciCode ?? '').trim()) ?? null;
    if (!epci) errors.push({ field: 'epciCode', message: 'Choisissez une intercommunalité (EPCI) de la liste.' });
    if (communeCode !== null) {
      const commune = await this.territory.commune(communeCode.slice(0, 5));
      if (!commune) errors.push({ field: 'communeCode', message: 'Cette commune n’existe pas : indiquez son code INSEE (5 caractères).' });
      else if (epci && commune.epci.id !== epci.id) errors.push({ field: 'communeCode', message: `${commune.name} n’est pas dans ${epci.name}.` });
    }
    if (!LEVELS.includes(command.level)) errors.push({ field: 'level', message: 'Choisissez un niveau : commune, EPCI, Pôle ou organisme extérieur.' });
    let externalAuthorityId: string | null = null;
    if (command.level === CompetenceLevel.External) {
      const external = UUID.test(command.externalAuthorityId ?? '') ? await this.territory.authority(command.externalAuthorityId!) : null;
      if (!external || external.kind !== 'external') errors.push({ field: 'externalAuthorityId', message: 'Choisissez l’organisme extérieur vers lequel orienter les habitants.' });
      else externalAuthorityId = external.id;
    }
    errors.push(...sentenceErrors(sentence));
    if (errors.length) throw badUserInput(errors);

    try {
      return await this.dataSource.transaction(async (manager) => {
        const before = command.id ? await this.find(command.id, manager) : null;
        if (command.id && !before) throw badUserInput([{ field: 'id', message: 'Cette règle n’existe pas (ou plus).' }]);
        const [duplicate] = await manager.query(
          `SELECT id FROM routing_rule WHERE category_key = $1 AND epci_id = $2 AND commune_code IS NOT DISTINCT FROM $3::char(5) AND id IS DISTINCT FROM $4::uuid`,
          [category!.key, epci!.id, communeCode, command.id ?? null],
        );
        if (duplicate) throw duplicateRule(communeCode);
        const values = [category!.key, epci!.id, communeCode, command.level, externalAuthorityId, sentence];
        const [row] = before
          ? rowsOf<{ id: string }>(
              await manager.query(
                `UPDATE routing_rule SET category_key = $1, epci_id = $2, commune_code = $3, level = $4, external_authority_id = $5,
                        reason_template = $6, to_verify = false, updated_at = now()
                  WHERE id = $7 RETURNING id`,
                [...values, before.id],
              ),
            )
          : await manager.query(
              `INSERT INTO routing_rule (category_key, epci_id, commune_code, level, external_authority_id, reason_template, to_verify)
               VALUES ($1, $2, $3, $4, $5, $6, false) RETURNING id`,
              values,
            );
        const after = (await this.find(row!.id, manager))!;
        await this.audit.record(manager, {
          actorId: actor.personId,
          action: before ? 'routing_rule.update' : 'routing_rule.create',
          subjectType: 'routing_rule',
          subjectId: after.id,
          before: before ? auditView(before) : null,
          after: auditView(after),
        });
        return after;
      });
    } catch (error) {
      // Two admins creating the same rule at once: the unique indexes decide.
      if (error instanceof QueryFailedError && (error as QueryFailedError & { code?: string }).code === '23505') throw duplicateRule(communeCode);
      throw error;
    } finally {
      this.territory.invalidate();
    }
  }

  /** Deletes a rule; needs routed by it keep their routing (rule_id becomes null). */
  async delete(actor: Actor, id: string): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      const before = await this.find(id, manager);
      if (!before) throw badUserInput([{ field: 'id', message: 'Cette règle n’existe pas (ou plus).' }]);
      await manager.query(`DELETE FROM routing_rule WHERE id = $1`, [id]);
      await this.audit.record(manager, { actorId: actor.personId, action: 'routing_rule.delete', subjectType: 'routing_rule', subjectId: id, before: auditView(before), after: null });
    });
    this.territory.invalidate();
  }
}

function sentenceErrors(sentence: string): FieldError[] {
  const length = [...sentence].length;
  if (length < RULE_SENTENCE_LIMITS.min || length > RULE_SENTENCE_LIMITS.max) {
    return [{ field: 'sentence', message: `La phrase montrée aux habitants doit compter entre ${RULE_SENTENCE_LIMITS.min} et ${RULE_SENTENCE_LIMITS.max} caractères (elle en compte ${length}).` }];
  }
  const unknown = (sentence.match(/\{[^}]*\}/g) ?? []).filter((placeholder) => !PLACEHOLDERS.has(placeholder));
  if (unknown.length) return [{ field: 'sentence', message: `Seuls {de_autorite} et {a_autorite} peuvent être remplacés ; retirez ${unknown.join(', ')}.` }];
  return [];
}

function duplicateRule(communeCode: string | null) {
  return communeCode
    ? badUserInput([{ field: 'communeCode', message: 'Une règle existe déjà pour cette catégorie dans cette commune : modifiez-la plutôt.' }])
    : badUserInput([{ field: 'categoryKey', message: 'Une règle existe déjà pour cette catégorie dans cet EPCI : modifiez-la plutôt.' }]);
}

function auditView(row: RoutingRuleRow): Record<string, unknown> {
  return {
    categoryKey: row.categoryKey,
    epciId: row.epciId,
    communeCode: row.communeCode,
    level: row.level,
    sentence: row.sentence,
    externalAuthorityId: row.externalAuthorityId,
  };
}

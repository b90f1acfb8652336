import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { rowsOf } from '@pit/core';
import type { HelpPlaceFields } from './help-place-schema.js';

export interface HelpPlaceRow extends HelpPlaceFields {
  id: string;
  example: boolean;
  updatedAt: Date;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const COLUMNS = `p.id, p.name, p.pivot, p.street, p.address_complement AS "addressComplement", p.postal_code AS "postalCode",
  p.commune_code AS "communeCode", c.name AS "communeName", p.latitude, p.longitude, p.typologies, p.services, p.phone, p.emails,
  p.websites, p.opening_hours AS "openingHours", p.summary, p.access_modes AS "accessModes", p.support_modes AS "supportModes",
  p.fees, p.publics, p.appointment_url AS "appointmentUrl", p.example, p.updated_at AS "updatedAt"`;

/** SQL of the help places (lieux de médiation numérique). */
@Injectable()
export class HelpPlacesRepository {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * Every place, or those of a commune's intercommunality with the commune's own first (a resident
   * of a village without a place sees the nearest ones), then by commune and name.
   */
  async list(communeCode: string | null): Promise<HelpPlaceRow[]> {
    return this.dataSource.query(
      `SELECT ${COLUMNS}
         FROM help_place p
         JOIN commune c ON c.code = p.commune_code
        WHERE $1::text IS NULL OR c.epci_id = (SELECT epci_id FROM commune WHERE code = $1)
        ORDER BY (p.commune_code = $1) DESC NULLS LAST, c.name, p.name`,
      [communeCode],
    );
  }

  async find(id: string, manager: EntityManager = this.dataSource.manager): Promise<HelpPlaceRow | null> {
    if (!UUID.test(id)) return null;
    const [row] = await manager.query(`SELECT ${COLUMNS} FROM help_place p JOIN commune c ON c.code = p.commune_code WHERE p.id = $1`, [id]);
    return row ?? null;
  }

  /** Inserts (no id) or updates the place; returns its id, or null when the id names no place. */
  async save(manager: EntityManager, id: string | null, fields: HelpPlaceFields): Promise<string | null> {
    const values = [
      fields.name,
      fields.pivot,
      fields.street,
      fields.addressComplement,
      fields.postalCode,
      fields.communeCode,
      fields.latitude,
      fields.longitude,
      fields.typologies,
      fields.services,
      fields.phone,
      fields.emails,
      fields.websites,
      fields.openingHours,
      fields.summary,
      fields.accessModes,
      fields.supportModes,
      fields.fees,
      fields.publics,
      fields.appointmentUrl,
    ];
    if (id === null) {
      const [row] = await manager.query(
        `INSERT INTO help_place (name, pivot, street, address_complement, postal_code, commune_code, latitude, longitude, typologies, services, phone,
                                 emails, websites, opening_hours, summary, access_modes, support_modes, fees, publics, appointment_url)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20) RETURNING id`,
        values,
      );
      return row.id as string;
    }
    // An edited example is the administration's own place from now on.
    const rows = rowsOf<{ id: string }>(
      await manager.query(
      `UPDATE help_place SET name = $1, pivot = $2, street = $3, address_complement = $4, postal_code = $5, commune_code = $6, latitude = $7,
              longitude = $8, typologies = $9, services = $10, phone = $11, emails = $12, websites = $13, opening_hours = $14, summary = $15,
              access_modes = $16, support_modes = $17, fees = $18, publics = $19, appointment_url = $20, example = false, updated_at = now()
        WHERE id = $21 RETURNING id`,
        [...values, id],
      ),
    );
    return rows[0]?.id ?? null;
  }

  async delete(manager: EntityManager, id: string): Promise<void> {
    await manager.query(`DELETE FROM help_place WHERE id = $1`, [id]);
  }
}

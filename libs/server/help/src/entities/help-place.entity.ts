import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import { CommuneEntity } from '@pit/territory';

/**
 * A place that helps with digital procedures (lieu de médiation numérique), stored with the fields of
 * the La MedNum/ANCT open-data schema (column comments give the schema's name). Lists are text
 * arrays; the schema's CSV joins them with `|`. `example` marks the seeded places, shown as examples.
 */
@Entity('help_place')
@Index('help_place_commune_idx', ['communeCode'])
export class HelpPlaceEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'help_place_pk' })
  id!: string;

  /** nom */
  @Column({ type: 'text' })
  name!: string;

  /** pivot: SIRET or RNA, 14 zeros when unknown. */
  @Column({ type: 'text' })
  pivot!: string;

  /** adresse */
  @Column({ type: 'text' })
  street!: string;

  /** complement_adresse */
  @Column({ name: 'address_complement', type: 'text', nullable: true })
  addressComplement!: string | null;

  /** code_postal */
  @Column({ name: 'postal_code', type: 'char', length: 5 })
  postalCode!: string;

  /** code_insee (the commune's name, `commune`, comes from the territory). */
  @Column({ name: 'commune_code', type: 'char', length: 5 })
  communeCode!: string;

  @ManyToOne(() => CommuneEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'commune_code', foreignKeyConstraintName: 'help_place_commune_fk' })
  commune?: CommuneEntity;

  @Column({ type: 'double precision', nullable: true })
  latitude!: number | null;

  @Column({ type: 'double precision', nullable: true })
  longitude!: number | null;

  /** typologie */
  @Column({ type: 'text', array: true, default: () => "'{}'" })
  typologies!: string[];

  /** services */
  @Column({ type: 'text', array: true })
  services!: string[];

  /** telephone */
  @Column({ type: 'text', nullable: true })
  phone!: string | null;

  /** courriels */
  @Column({ type: 'text', array: true, default: () => "'{}'" })
  emails!: string[];

  /** site_web */
  @Column({ type: 'text', array: true, default: () => "'{}'" })
  websites!: string[];

  /** horaires, in the OpenStreetMap opening_hours format. */
  @Column({ name: 'opening_hours', type: 'text', nullable: true })
  openingHours!: string | null;

  /** presentation_resume */
  @Column({ type: 'text', nullable: true })
  summary!: string | null;

  /** modalites_acces */
  @Column({ name: 'access_modes', type: 'text', array: true, default: () => "'{}'" })
  accessModes!: string[];

  /** modalites_accompagnement */
  @Column({ name: 'support_modes', type: 'text', array: true, default: () => "'{}'" })
  supportModes!: string[];

  /** frais_a_charge */
  @Column({ type: 'text', array: true, default: () => "'{}'" })
  fees!: string[];

  /** publics_specifiquement_adresses */
  @Column({ type: 'text', array: true, default: () => "'{}'" })
  publics!: string[];

  /** prise_rdv */
  @Column({ name: 'appointment_url', type: 'text', nullable: true })
  appointmentUrl!: string | null;

  /** Seeded as an example: the public page says so. */
  @Column({ type: 'boolean', default: false })
  example!: boolean;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  /** date_maj */
  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}

import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import { AuthorityEntity } from '@pit/territory';
import { PersonEntity } from '@pit/accounts';
import { NeedEntity } from '../entities/need.entity.js';
import { NeedRoutingEntity } from '../entities/need-routing.entity.js';

/** How an agent hears of new needs routed to their authority; no row means the daily staff digest. */
@Entity('staff_alert_preference')
@Check('staff_alert_preference_mode_ck', `mode IN ('immediate', 'daily', 'off')`)
export class StaffAlertPreferenceEntity {
  @PrimaryColumn({ name: 'person_id', type: 'uuid', primaryKeyConstraintName: 'staff_alert_preference_pk' })
  personId!: string;

  @ManyToOne(() => PersonEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'person_id', foreignKeyConstraintName: 'staff_alert_preference_person_fk' })
  person?: PersonEntity;

  /** immediate | daily | off */
  @Column({ type: 'text' })
  mode!: string;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}

/**
 * One agent told of one need arriving at their authority, once per (need, agent): immediately
 * (sent_at set by the alert job) or in the daily staff digest.
 */
@Entity('staff_need_alert')
@Index('staff_need_alert_need_person_uq', ['needId', 'personId'], { unique: true })
@Index('staff_need_alert_pending_daily_idx', ['personId'], { where: `delivery = 'daily' AND sent_at IS NULL` })
export class StaffNeedAlertEntity {
  @PrimaryGeneratedColumn('identity', { type: 'bigint', generatedIdentity: 'ALWAYS', primaryKeyConstraintName: 'staff_need_alert_pk' })
  id!: string;

  @Column({ name: 'need_id', type: 'uuid' })
  needId!: string;

  @ManyToOne(() => NeedEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'need_id', foreignKeyConstraintName: 'staff_need_alert_need_fk' })
  need?: NeedEntity;

  @Column({ name: 'person_id', type: 'uuid' })
  personId!: string;

  @ManyToOne(() => PersonEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'person_id', foreignKeyConstraintName: 'staff_need_alert_person_fk' })
  person?: PersonEntity;

  /** The routing that brought the need to the authority. */
  @Index('staff_need_alert_routing_idx')
  @Column({ name: 'routing_id', type: 'uuid' })
  routingId!: string;

  @ManyToOne(() => NeedRoutingEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'routing_id', foreignKeyConstraintName: 'staff_need_alert_routing_fk' })
  routing?: NeedRoutingEntity;

  @Column({ name: 'authority_id', type: 'uuid' })
  authorityId!: string;

  @ManyToOne(() => AuthorityEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'authority_id', foreignKeyConstraintName: 'staff_need_alert_authority_fk' })
  authority?: AuthorityEntity;

  /** immediate | daily: the agent's choice when the need arrived. */
  @Column({ type: 'text' })
  delivery!: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @Column({ name: 'sent_at', type: 'timestamptz', nullable: true })
  sentAt!: Date | null;
}

/** An agent's needs handed to a colleague (an absence), shown on the team page until `until`. */
@Entity('need_handover')
@Index('need_handover_authority_idx', ['authorityId', 'createdAt'])
export class NeedHandoverEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'need_handover_pk' })
  id!: string;

  @Column({ name: 'authority_id', type: 'uuid' })
  authorityId!: string;

  @ManyToOne(() => AuthorityEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'authority_id', foreignKeyConstraintName: 'need_handover_authority_fk' })
  authority?: AuthorityEntity;

  @Column({ name: 'from_person_id', type: 'uuid' })
  fromPersonId!: string;

  @ManyToOne(() => PersonEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'from_person_id', foreignKeyConstraintName: 'need_handover_from_fk' })
  fromPerson?: PersonEntity;

  @Column({ name: 'to_person_id', type: 'uuid' })
  toPersonId!: string;

  @ManyToOne(() => PersonEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'to_person_id', foreignKeyConstraintName: 'need_handover_to_fk' })
  toPerson?: PersonEntity;

  /** The absent agent's return (Europe/Paris day), if known. */
  @Column({ type: 'date', nullable: true })
  until!: string | null;

  @Column({ name: 'need_count', type: 'int' })
  needCount!: number;

  @Column({ name: 'created_by', type: 'uuid', nullable: true })
  createdBy!: string | null;

  @ManyToOne(() => PersonEntity, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'created_by', foreignKeyConstraintName: 'need_handover_creator_fk' })
  creator?: PersonEntity;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}

export const TEAM_ENTITIES = [StaffAlertPreferenceEntity, StaffNeedAlertEntity, NeedHandoverEntity];

import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { AuthorityEntity } from '@pit/territory';
import { PersonEntity } from '@pit/accounts';
import type { MandateContact, MandateDuration } from '@pit/domain';
import { NeedEntity } from '../entities/need.entity.js';
import { NeedStatusChangeEntity } from '../entities/need-status-change.entity.js';

/**
 * The mandate a mediator records when submitting a need for a resident without an account or email
 * (dépôt accompagné): who (a name or initials), how to reach them, for how long, consent to publication
 * under a pseudonym. The label and contact are never public: only the place's mediators and agents, and
 * admins, see them; they are erased when the mandate ends (revoked, claimed or expired).
 */
@Entity('need_mandate')
@Index('need_mandate_authority_idx', ['authorityId'])
export class NeedMandateEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'need_mandate_pk' })
  id!: string;

  @Index('need_mandate_need_uq', { unique: true })
  @Column({ name: 'need_id', type: 'uuid' })
  needId!: string;

  @ManyToOne(() => NeedEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'need_id', foreignKeyConstraintName: 'need_mandate_need_fk' })
  need?: NeedEntity;

  /** The mediator (or agent) who recorded it. */
  @Column({ name: 'mediator_id', type: 'uuid', nullable: true })
  mediatorId!: string | null;

  @ManyToOne(() => PersonEntity, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'mediator_id', foreignKeyConstraintName: 'need_mandate_mediator_fk' })
  mediator?: PersonEntity;

  /** The mediator's place: the authority whose staff follow the mandate. */
  @Column({ name: 'authority_id', type: 'uuid' })
  authorityId!: string;

  @ManyToOne(() => AuthorityEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'authority_id', foreignKeyConstraintName: 'need_mandate_authority_fk' })
  authority?: AuthorityEntity;

  /** Name or initials; null once erased. */
  @Column({ name: 'resident_label', type: 'text', nullable: true })
  residentLabel!: string | null;

  @Column({ name: 'contact_kind', type: 'text' })
  contactKind!: MandateContact;

  /** Normalised phone (0XXXXXXXXX) or postal address; null for the counter, and once erased. */
  @Column({ name: 'contact_value', type: 'text', nullable: true })
  contactValue!: string | null;

  /** The place's phone printed on the receipt (optional). */
  @Column({ name: 'place_phone', type: 'text', nullable: true })
  placePhone!: string | null;

  /** The public pseudonym the need is published under. */
  @Column({ type: 'text' })
  pseudonym!: string;

  @Column({ type: 'text' })
  duration!: MandateDuration;

  @Column({ name: 'publication_consent', type: 'boolean' })
  publicationConsent!: boolean;

  @Column({ name: 'expires_at', type: 'timestamptz' })
  expiresAt!: Date;

  @Column({ name: 'revoked_at', type: 'timestamptz', nullable: true })
  revokedAt!: Date | null;

  @Column({ name: 'revoked_by', type: 'uuid', nullable: true })
  revokedBy!: string | null;

  @ManyToOne(() => PersonEntity, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'revoked_by', foreignKeyConstraintName: 'need_mandate_revoker_fk' })
  revoker?: PersonEntity;

  /** revoked (by the place or an admin), claimed (the resident took the need into an account). */
  @Column({ name: 'end_reason', type: 'text', nullable: true })
  endReason!: string | null;

  @Column({ name: 'contact_erased_at', type: 'timestamptz', nullable: true })
  contactErasedAt!: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}

/** Every use of a mandate: created, viewed, receipt, status news, to-do done, revoked, claimed, contact erased. */
@Entity('mandate_event')
@Index('mandate_event_mandate_idx', ['mandateId', 'createdAt'])
export class MandateEventEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'mandate_event_pk' })
  id!: string;

  @Column({ name: 'mandate_id', type: 'uuid' })
  mandateId!: string;

  @ManyToOne(() => NeedMandateEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'mandate_id', foreignKeyConstraintName: 'mandate_event_mandate_fk' })
  mandate?: NeedMandateEntity;

  @Column({ type: 'text' })
  kind!: string;

  /** Null for the system (jobs). */
  @Column({ name: 'actor_id', type: 'uuid', nullable: true })
  actorId!: string | null;

  @ManyToOne(() => PersonEntity, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'actor_id', foreignKeyConstraintName: 'mandate_event_actor_fk' })
  actor?: PersonEntity;

  @Column({ type: 'text', nullable: true })
  detail!: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}

/**
 * Status news for a resident without email: one to-do for the mediator's place per status change of
 * an assisted need (call back, letter to send, or tell them at the counter), marked done by the place.
 */
@Entity('mediation_todo')
@Index('mediation_todo_open_idx', ['authorityId', 'doneAt'])
export class MediationTodoEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'mediation_todo_pk' })
  id!: string;

  @Column({ name: 'mandate_id', type: 'uuid' })
  mandateId!: string;

  @ManyToOne(() => NeedMandateEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'mandate_id', foreignKeyConstraintName: 'mediation_todo_mandate_fk' })
  mandate?: NeedMandateEntity;

  @Column({ name: 'authority_id', type: 'uuid' })
  authorityId!: string;

  @ManyToOne(() => AuthorityEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'authority_id', foreignKeyConstraintName: 'mediation_todo_authority_fk' })
  authority?: AuthorityEntity;

  /** One to-do per status change: the job that creates it may run twice. */
  @Index('mediation_todo_status_change_uq', { unique: true })
  @Column({ name: 'status_change_id', type: 'uuid' })
  statusChangeId!: string;

  @ManyToOne(() => NeedStatusChangeEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'status_change_id', foreignKeyConstraintName: 'mediation_todo_status_change_fk' })
  statusChange?: NeedStatusChangeEntity;

  @Column({ type: 'text' })
  kind!: MandateContact;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @Column({ name: 'done_at', type: 'timestamptz', nullable: true })
  doneAt!: Date | null;

  @Column({ name: 'done_by', type: 'uuid', nullable: true })
  doneBy!: string | null;

  @ManyToOne(() => PersonEntity, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'done_by', foreignKeyConstraintName: 'mediation_todo_done_by_fk' })
  doer?: PersonEntity;

  @Column({ name: 'done_note', type: 'text', nullable: true })
  doneNote!: string | null;
}

export const ASSISTED_ENTITIES = [NeedMandateEntity, MandateEventEntity, MediationTodoEntity];

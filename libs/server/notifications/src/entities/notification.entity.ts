import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import { PersonEntity } from '@pit/accounts';
import { NeedEntity } from '@pit/needs';

/** How a person hears about the needs they take part in; no row means the daily digest. */
@Entity('notification_preference')
export class NotificationPreferenceEntity {
  @PrimaryColumn({ name: 'person_id', type: 'uuid', primaryKeyConstraintName: 'notification_preference_pk' })
  personId!: string;

  @ManyToOne(() => PersonEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'person_id', foreignKeyConstraintName: 'notification_preference_person_fk' })
  person?: PersonEntity;

  /** immediate | digest | off */
  @Column({ type: 'text' })
  mode!: string;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}

/**
 * One thing to tell one person: an event (event_key, e.g. status_change:<id>, later
 * official_answer:<id>) fanned out to its recipients, each person once per event.
 */
@Entity('notification')
@Index('notification_event_person_uq', ['eventKey', 'personId'], { unique: true })
@Index('notification_pending_digest_idx', ['personId'], { where: `delivery = 'digest' AND sent_at IS NULL` })
export class NotificationEntity {
  @PrimaryGeneratedColumn('identity', { type: 'bigint', generatedIdentity: 'ALWAYS', primaryKeyConstraintName: 'notification_pk' })
  id!: string;

  @Column({ name: 'event_key', type: 'text' })
  eventKey!: string;

  /** status_change (official_answer comes with the answers). */
  @Column({ type: 'text' })
  kind!: string;

  @Index('notification_need_idx')
  @Column({ name: 'need_id', type: 'uuid' })
  needId!: string;

  @ManyToOne(() => NeedEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'need_id', foreignKeyConstraintName: 'notification_need_fk' })
  need?: NeedEntity;

  /** The row the event is about (a need_status_change id for status_change). */
  @Column({ name: 'subject_id', type: 'uuid' })
  subjectId!: string;

  @Column({ name: 'person_id', type: 'uuid' })
  personId!: string;

  @ManyToOne(() => PersonEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'person_id', foreignKeyConstraintName: 'notification_person_fk' })
  person?: PersonEntity;

  /** immediate | digest: the person's choice when the event happened. */
  @Column({ type: 'text' })
  delivery!: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @Column({ name: 'sent_at', type: 'timestamptz', nullable: true })
  sentAt!: Date | null;
}

/** One digest per person and day (Europe/Paris): a second run that day sends nothing. */
@Entity('notification_digest_run')
export class NotificationDigestRunEntity {
  @PrimaryColumn({ name: 'person_id', type: 'uuid', primaryKeyConstraintName: 'notification_digest_run_pk' })
  personId!: string;

  @ManyToOne(() => PersonEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'person_id', foreignKeyConstraintName: 'notification_digest_run_person_fk' })
  person?: PersonEntity;

  @PrimaryColumn({ type: 'date', primaryKeyConstraintName: 'notification_digest_run_pk' })
  day!: string;

  @Column({ name: 'item_count', type: 'int' })
  itemCount!: number;

  @CreateDateColumn({ name: 'sent_at', type: 'timestamptz' })
  sentAt!: Date;
}

/** The unsubscribe link of one email (SHA-256 of its secret): switches that person's notifications off. */
@Entity('notification_unsubscribe_token')
export class NotificationUnsubscribeTokenEntity {
  @PrimaryColumn({ name: 'token_hash', type: 'bytea', primaryKeyConstraintName: 'notification_unsubscribe_token_pk' })
  tokenHash!: Buffer;

  @Index('notification_unsubscribe_token_person_idx')
  @Column({ name: 'person_id', type: 'uuid' })
  personId!: string;

  @ManyToOne(() => PersonEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'person_id', foreignKeyConstraintName: 'notification_unsubscribe_token_person_fk' })
  person?: PersonEntity;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @Column({ name: 'used_at', type: 'timestamptz', nullable: true })
  usedAt!: Date | null;
}

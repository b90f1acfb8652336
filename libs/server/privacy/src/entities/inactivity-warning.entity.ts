import { Check, Column, Entity, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { PersonEntity } from '@pit/accounts';

/**
 * A warning that an inactive account will be deleted (30 then 7 days before its 2 years of
 * inactivity), for one period of inactivity (`last_active_at` as it was when warned): once per
 * account, stage and period. The email itself goes through mail_delivery.
 */
@Entity('inactivity_warning')
@Check('inactivity_warning_stage_check', `stage IN (30, 7)`)
export class InactivityWarningEntity {
  @PrimaryColumn({ name: 'person_id', type: 'uuid', primaryKeyConstraintName: 'inactivity_warning_pk' })
  personId!: string;

  @ManyToOne(() => PersonEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'person_id', foreignKeyConstraintName: 'inactivity_warning_person_fk' })
  person?: PersonEntity;

  /** Days before deletion: 30 or 7. */
  @PrimaryColumn({ type: 'int', primaryKeyConstraintName: 'inactivity_warning_pk' })
  stage!: number;

  @PrimaryColumn({ name: 'last_active_at', type: 'timestamptz', primaryKeyConstraintName: 'inactivity_warning_pk' })
  lastActiveAt!: Date;

  /** By the job's clock (its `now`), which tests set. */
  @Column({ name: 'sent_at', type: 'timestamptz' })
  sentAt!: Date;
}

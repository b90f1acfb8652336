import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import { PersonEntity } from '@pit/accounts';
import { NeedEntity } from '@pit/needs';

/**
 * "Useful, usable, used": the answer of a need's author or supporter to "does the service answer the
 * need?", one per (need, person), which they may change.
 */
@Entity('service_feedback')
@Check('service_feedback_answer_ck', `answer IN ('yes', 'partly', 'no')`)
export class ServiceFeedbackEntity {
  @PrimaryColumn({ name: 'need_id', type: 'uuid', primaryKeyConstraintName: 'service_feedback_pk' })
  needId!: string;

  @ManyToOne(() => NeedEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'need_id', foreignKeyConstraintName: 'service_feedback_need_fk' })
  need?: NeedEntity;

  @Index('service_feedback_person_idx')
  @PrimaryColumn({ name: 'person_id', type: 'uuid', primaryKeyConstraintName: 'service_feedback_pk' })
  personId!: string;

  @ManyToOne(() => PersonEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'person_id', foreignKeyConstraintName: 'service_feedback_person_fk' })
  person?: PersonEntity;

  @Column({ type: 'text' })
  answer!: 'yes' | 'partly' | 'no';

  /** Seen by staff only, never published. */
  @Column({ type: 'text', nullable: true })
  comment!: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}

/** The survey email asked to one person about one réalisé need: at most once (the job's idempotency). */
@Entity('service_feedback_request')
export class ServiceFeedbackRequestEntity {
  @PrimaryColumn({ name: 'need_id', type: 'uuid', primaryKeyConstraintName: 'service_feedback_request_pk' })
  needId!: string;

  @ManyToOne(() => NeedEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'need_id', foreignKeyConstraintName: 'service_feedback_request_need_fk' })
  need?: NeedEntity;

  @Index('service_feedback_request_person_idx')
  @PrimaryColumn({ name: 'person_id', type: 'uuid', primaryKeyConstraintName: 'service_feedback_request_pk' })
  personId!: string;

  @ManyToOne(() => PersonEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'person_id', foreignKeyConstraintName: 'service_feedback_request_person_fk' })
  person?: PersonEntity;

  @CreateDateColumn({ name: 'asked_at', type: 'timestamptz' })
  askedAt!: Date;
}

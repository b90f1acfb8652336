import { Column, Entity, Index, JoinColumn, OneToOne, PrimaryColumn } from 'typeorm';
import { NeedEntity } from '@pit/needs';

/**
 * Exists once a need's support count reached its authority's threshold: the need then awaits an
 * official answer before `answer_due_at`. Written once (INSERT … ON CONFLICT DO NOTHING) and never
 * removed when supports are withdrawn later.
 */
@Entity('need_engagement')
export class NeedEngagementEntity {
  @PrimaryColumn({ name: 'need_id', type: 'uuid', primaryKeyConstraintName: 'need_engagement_pk' })
  needId!: string;

  @OneToOne(() => NeedEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'need_id', foreignKeyConstraintName: 'need_engagement_need_fk' })
  need?: NeedEntity;

  @Column({ name: 'threshold_reached_at', type: 'timestamptz' })
  thresholdReachedAt!: Date;

  @Index('need_engagement_due_idx')
  @Column({ name: 'answer_due_at', type: 'timestamptz' })
  answerDueAt!: Date;
}

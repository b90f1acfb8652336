import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { PersonEntity } from '@pit/accounts';
import { NeedEntity } from '@pit/needs';

/**
 * A need merged into another (the kept one) by staff: the merged need became doublon in the same
 * transaction. The workflow refuses to merge a doublon again; a need reopened after a wrong merge
 * (doublon → en étude) keeps its old row and may be merged anew: the latest row is the merge in force
 * while the need is doublon. The reason is public, also written as the note of the doublon status.
 */
@Entity('need_merge')
@Index('need_merge_into_idx', ['intoNeedId'])
@Index('need_merge_from_idx', ['fromNeedId'])
export class NeedMergeEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'need_merge_pk' })
  id!: string;

  @Column({ name: 'from_need_id', type: 'uuid' })
  fromNeedId!: string;

  @ManyToOne(() => NeedEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'from_need_id', foreignKeyConstraintName: 'need_merge_from_fk' })
  fromNeed?: NeedEntity;

  @Column({ name: 'into_need_id', type: 'uuid' })
  intoNeedId!: string;

  @ManyToOne(() => NeedEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'into_need_id', foreignKeyConstraintName: 'need_merge_into_fk' })
  intoNeed?: NeedEntity;

  @Column({ type: 'text' })
  reason!: string;

  @Column({ name: 'merged_by', type: 'uuid', nullable: true })
  mergedBy!: string | null;

  @ManyToOne(() => PersonEntity, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'merged_by', foreignKeyConstraintName: 'need_merge_by_fk' })
  merger?: PersonEntity;

  @CreateDateColumn({ name: 'merged_at', type: 'timestamptz' })
  mergedAt!: Date;
}

import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { PersonEntity } from '@pit/accounts';
import { NeedMergeEntity } from './need-merge.entity.js';

export const CARRY_OVER_STATES = ['pending', 'accepted', 'declined'] as const;
export type CarryOverState = (typeof CARRY_OVER_STATES)[number];

/**
 * One supporter of a merged need asked whether to carry their support over to the kept need: one
 * per (merge, person). Nothing moves while it is pending; accepted moves the support, declined
 * leaves it on the merged need; decided_at records when.
 */
@Entity('support_carry_over')
@Index('support_carry_over_merge_person_uq', ['mergeId', 'personId'], { unique: true })
@Index('support_carry_over_person_idx', ['personId', 'state'])
@Check('support_carry_over_state_ck', `state IN ('pending', 'accepted', 'declined')`)
@Check('support_carry_over_decided_ck', `(state = 'pending') = (decided_at IS NULL)`)
export class SupportCarryOverEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'support_carry_over_pk' })
  id!: string;

  @Column({ name: 'merge_id', type: 'uuid' })
  mergeId!: string;

  @ManyToOne(() => NeedMergeEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'merge_id', foreignKeyConstraintName: 'support_carry_over_merge_fk' })
  merge?: NeedMergeEntity;

  @Column({ name: 'person_id', type: 'uuid' })
  personId!: string;

  @ManyToOne(() => PersonEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'person_id', foreignKeyConstraintName: 'support_carry_over_person_fk' })
  person?: PersonEntity;

  @Column({ type: 'text', default: 'pending' })
  state!: CarryOverState;

  @Column({ name: 'decided_at', type: 'timestamptz', nullable: true })
  decidedAt!: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}

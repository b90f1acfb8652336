import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { AuthorityEntity } from '@pit/territory';
import { PersonEntity } from '@pit/accounts';
import { NeedEntity } from './need.entity.js';

/**
 * A second authority working on a need beside the one in charge (e.g. the mayor's police powers
 * beside the EPCI's service): it sees the need in its inbox and its agents may triage it. The
 * reason is public, on the need's timeline.
 */
@Entity('need_co_assignment')
@Index('need_co_assignment_authority_idx', ['authorityId'])
export class NeedCoAssignmentEntity {
  @PrimaryColumn({ name: 'need_id', type: 'uuid', primaryKeyConstraintName: 'need_co_assignment_pk' })
  needId!: string;

  @PrimaryColumn({ name: 'authority_id', type: 'uuid', primaryKeyConstraintName: 'need_co_assignment_pk' })
  authorityId!: string;

  @ManyToOne(() => NeedEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'need_id', foreignKeyConstraintName: 'need_co_assignment_need_fk' })
  need?: NeedEntity;

  @ManyToOne(() => AuthorityEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'authority_id', foreignKeyConstraintName: 'need_co_assignment_authority_fk' })
  authority?: AuthorityEntity;

  @Column({ type: 'text' })
  reason!: string;

  @Column({ name: 'created_by', type: 'uuid', nullable: true })
  createdBy!: string | null;

  @ManyToOne(() => PersonEntity, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'created_by', foreignKeyConstraintName: 'need_co_assignment_creator_fk' })
  creator?: PersonEntity;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}

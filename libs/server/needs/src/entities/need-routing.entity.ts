import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import type { CompetenceLevel } from '@pit/domain';
import { AuthorityEntity, RoutingRuleEntity } from '@pit/territory';
import { NeedEntity } from './need.entity.js';

/**
 * One routing decision, append-only: the rule that produced it and the sentence shown then,
 * so later edits of the rules never rewrite history.
 */
@Entity('need_routing')
export class NeedRoutingEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Index('need_routing_need_idx')
  @Column({ name: 'need_id', type: 'uuid' })
  needId!: string;

  @ManyToOne(() => NeedEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'need_id', foreignKeyConstraintName: 'need_routing_need_fk' })
  need?: NeedEntity;

  @Column({ name: 'rule_id', type: 'uuid', nullable: true })
  ruleId!: string | null;

  @ManyToOne(() => RoutingRuleEntity, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'rule_id', foreignKeyConstraintName: 'need_routing_rule_fk' })
  rule?: RoutingRuleEntity;

  @Column({ type: 'char', length: 1 })
  level!: CompetenceLevel;

  @Column({ name: 'authority_id', type: 'uuid' })
  authorityId!: string;

  @ManyToOne(() => AuthorityEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'authority_id', foreignKeyConstraintName: 'need_routing_authority_fk' })
  authority?: AuthorityEntity;

  @Column({ type: 'text' })
  reason!: string;

  /** 'initial' for the automatic routing; later: requalification, transfer, co-assignment. */
  @Column({ type: 'text', default: 'initial' })
  kind!: string;

  /** The staff's public reason of a requalification or a transfer; null for the automatic routing. */
  @Column({ type: 'text', nullable: true })
  note!: string | null;

  /** The job that wrote it (outbox-<id>), for tracing retries. */
  @Column({ name: 'job_id', type: 'text', nullable: true })
  jobId!: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}

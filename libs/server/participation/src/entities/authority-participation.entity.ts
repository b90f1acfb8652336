import { Column, Entity, JoinColumn, ManyToOne, OneToOne, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import { AuthorityEntity } from '@pit/territory';
import { PersonEntity } from '@pit/accounts';

/** An authority's participation settings; a missing row means the defaults (50 supports, 60 days). */
@Entity('authority_participation')
export class AuthorityParticipationEntity {
  @PrimaryColumn({ name: 'authority_id', type: 'uuid', primaryKeyConstraintName: 'authority_participation_pk' })
  authorityId!: string;

  @OneToOne(() => AuthorityEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'authority_id', foreignKeyConstraintName: 'authority_participation_authority_fk' })
  authority?: AuthorityEntity;

  @Column({ name: 'support_threshold', type: 'int', default: 50 })
  supportThreshold!: number;

  @Column({ name: 'answer_delay_days', type: 'int', default: 60 })
  answerDelayDays!: number;

  /** Target time to the first official answer on any need routed here (accountability clock). */
  @Column({ name: 'first_answer_days', type: 'int', default: 30 })
  firstAnswerDays!: number;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;

  @Column({ name: 'updated_by', type: 'uuid', nullable: true })
  updatedBy!: string | null;

  @ManyToOne(() => PersonEntity, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'updated_by', foreignKeyConstraintName: 'authority_participation_updated_by_fk' })
  updater?: PersonEntity;
}

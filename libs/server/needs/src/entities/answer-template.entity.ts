import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import type { NeedStatus } from '@pit/domain';
import { AuthorityEntity } from '@pit/territory';
import { PersonEntity } from '@pit/accounts';

/** An authority's reusable official answer ("modèle de réponse"), optionally meant for one status. */
@Entity('answer_template')
@Index('answer_template_authority_idx', ['authorityId', 'title'])
export class AnswerTemplateEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'answer_template_pk' })
  id!: string;

  @Column({ name: 'authority_id', type: 'uuid' })
  authorityId!: string;

  @ManyToOne(() => AuthorityEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'authority_id', foreignKeyConstraintName: 'answer_template_authority_fk' })
  authority?: AuthorityEntity;

  @Column({ type: 'text' })
  title!: string;

  @Column({ type: 'text' })
  body!: string;

  /** The status the answer goes with; null when it fits any. */
  @Column({ type: 'text', nullable: true })
  status!: NeedStatus | null;

  @Column({ name: 'created_by', type: 'uuid', nullable: true })
  createdBy!: string | null;

  @ManyToOne(() => PersonEntity, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'created_by', foreignKeyConstraintName: 'answer_template_created_by_fk' })
  creator?: PersonEntity;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}

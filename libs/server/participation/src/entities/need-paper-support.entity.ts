import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { PersonEntity } from '@pit/accounts';
import { NeedEntity } from '@pit/needs';

/** A batch of supports collected on paper and recorded by a mediator; the row is the journal entry. */
@Entity('need_paper_support')
@Index('need_paper_support_need_idx', ['needId', 'createdAt'])
export class NeedPaperSupportEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'need_paper_support_pk' })
  id!: string;

  @Column({ name: 'need_id', type: 'uuid' })
  needId!: string;

  @ManyToOne(() => NeedEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'need_id', foreignKeyConstraintName: 'need_paper_support_need_fk' })
  need?: NeedEntity;

  @Column({ name: 'recorded_by', type: 'uuid', nullable: true })
  recordedBy!: string | null;

  @ManyToOne(() => PersonEntity, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'recorded_by', foreignKeyConstraintName: 'need_paper_support_recorder_fk' })
  recorder?: PersonEntity;

  @Column({ type: 'int' })
  count!: number;

  @Column({ type: 'text', nullable: true })
  note!: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}

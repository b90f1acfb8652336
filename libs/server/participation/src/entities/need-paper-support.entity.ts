import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { PersonEntity } from '@pit/accounts';
import { NeedEntity } from '@pit/needs';

/**
 * Supports collected on paper and recorded by a mediator; the row is the journal entry. Since issue 6 one
 * row per person (count 1), known only by identity_hash (HMAC of the folded name and birth year, see
 * identityHash in @pit/accounts), unique per need; earlier rows are batches (count n, no hash).
 */
@Entity('need_paper_support')
@Index('need_paper_support_need_idx', ['needId', 'createdAt'])
@Index('need_paper_support_identity_uq', ['needId', 'identityHash'], { unique: true, where: 'identity_hash IS NOT NULL' })
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

  /** HMAC-SHA256 of the supporter's folded name and birth year; null on the batches recorded before issue 6. */
  @Column({ name: 'identity_hash', type: 'bytea', nullable: true })
  identityHash!: Buffer | null;

  /** The commune the supporter wrote on the sheet (INSEE code); not an identity on its own. */
  @Column({ name: 'commune_code', type: 'char', length: 5, nullable: true })
  communeCode!: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}

import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import { PersonEntity } from '@pit/accounts';

/** A need being written by a logged-in resident: the form's values as they were saved. Never public. */
@Entity('need_draft')
@Index('need_draft_person_idx', ['personId', 'updatedAt'])
export class NeedDraftEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'person_id', type: 'uuid' })
  personId!: string;

  @ManyToOne(() => PersonEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'person_id', foreignKeyConstraintName: 'need_draft_person_fk' })
  person?: PersonEntity;

  /** The form's fields (title, description, structured fields, photo alts); validated only on publishing. */
  @Column({ type: 'jsonb' })
  payload!: Record<string, unknown>;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}

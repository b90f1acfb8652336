import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { PersonEntity } from '@pit/accounts';
import { NeedEntity } from '../entities/need.entity.js';

/**
 * A note staff keep about a need for each other (issue 5 item 4): only ever read through
 * TriageNeed (need.triage), never on the public Need nor shown to residents.
 */
@Entity('need_internal_note')
@Index('need_internal_note_need_idx', ['needId', 'createdAt'])
@Check('need_internal_note_body_ck', `char_length(body) BETWEEN 1 AND 2000`)
export class NeedInternalNoteEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'need_internal_note_pk' })
  id!: string;

  @Column({ name: 'need_id', type: 'uuid' })
  needId!: string;

  @ManyToOne(() => NeedEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'need_id', foreignKeyConstraintName: 'need_internal_note_need_fk' })
  need?: NeedEntity;

  @Column({ name: 'author_id', type: 'uuid', nullable: true })
  authorId!: string | null;

  @ManyToOne(() => PersonEntity, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'author_id', foreignKeyConstraintName: 'need_internal_note_author_fk' })
  author?: PersonEntity;

  @Column({ type: 'text' })
  body!: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}

export const TRIAGE_ENTITIES = [NeedInternalNoteEntity];

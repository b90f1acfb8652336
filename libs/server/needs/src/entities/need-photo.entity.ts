import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { PersonEntity } from '@pit/accounts';
import { NeedEntity } from './need.entity.js';
import { NeedDraftEntity } from './need-draft.entity.js';

/**
 * A photo re-encoded to WebP (no metadata survives). Uploaded before the need exists: it is then
 * reachable only through its secret token (the form carries it from step to step), and attached to a
 * draft or to the need when it is saved or published.
 */
@Entity('need_photo')
@Index('need_photo_need_idx', ['needId', 'position'])
export class NeedPhotoEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  /** SHA-256 of the upload token. */
  @Index('need_photo_token_uq', { unique: true })
  @Column({ name: 'token_hash', type: 'bytea' })
  tokenHash!: Buffer;

  @Column({ name: 'need_id', type: 'uuid', nullable: true })
  needId!: string | null;

  @ManyToOne(() => NeedEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'need_id', foreignKeyConstraintName: 'need_photo_need_fk' })
  need?: NeedEntity;

  @Index('need_photo_draft_idx')
  @Column({ name: 'draft_id', type: 'uuid', nullable: true })
  draftId!: string | null;

  @ManyToOne(() => NeedDraftEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'draft_id', foreignKeyConstraintName: 'need_photo_draft_fk' })
  draft?: NeedDraftEntity;

  @Column({ name: 'uploaded_by', type: 'uuid', nullable: true })
  uploadedBy!: string | null;

  @ManyToOne(() => PersonEntity, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'uploaded_by', foreignKeyConstraintName: 'need_photo_person_fk' })
  uploader?: PersonEntity;

  /** 1 to 3 once attached to a need. */
  @Column({ type: 'smallint', nullable: true })
  position!: number | null;

  /** Written by the author, required before publishing. */
  @Column({ type: 'text', nullable: true })
  alt!: string | null;

  /** Key of the files in the storage (<key>.webp full size, <key>-page.webp sized for the photo page). */
  @Column({ name: 'storage_key', type: 'text' })
  storageKey!: string;

  @Column({ type: 'int' })
  width!: number;

  @Column({ type: 'int' })
  height!: number;

  @Column({ type: 'int' })
  bytes!: number;

  @Column({ name: 'page_bytes', type: 'int' })
  pageBytes!: number;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}

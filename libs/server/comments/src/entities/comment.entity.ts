import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { OrganisationEntity, PersonEntity } from '@pit/accounts';
import { NeedEntity } from '@pit/needs';

/**
 * A comment on a public need. Threads are one level deep: a reply's parent is always a top-level
 * comment (a reply to a reply is attached to that top-level comment). Deletion is soft: the row
 * stays so the thread keeps its shape, its body is no longer shown.
 */
@Entity('comment')
@Index('comment_need_thread_idx', ['needId', 'createdAt', 'id'], { where: 'parent_id IS NULL' })
@Index('comment_parent_idx', ['parentId', 'createdAt'])
export class CommentEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'comment_pk' })
  id!: string;

  @Column({ name: 'need_id', type: 'uuid' })
  needId!: string;

  @ManyToOne(() => NeedEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'need_id', foreignKeyConstraintName: 'comment_need_fk' })
  need?: NeedEntity;

  /** The top-level comment this one answers; null for a top-level comment. */
  @Column({ name: 'parent_id', type: 'uuid', nullable: true })
  parentId!: string | null;

  @ManyToOne(() => CommentEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'parent_id', foreignKeyConstraintName: 'comment_parent_fk' })
  parent?: CommentEntity;

  /** Null once the author's account is deleted. */
  @Index('comment_author_idx')
  @Column({ name: 'author_id', type: 'uuid', nullable: true })
  authorId!: string | null;

  @ManyToOne(() => PersonEntity, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'author_id', foreignKeyConstraintName: 'comment_author_fk' })
  author?: PersonEntity;

  /** Written in the name of this organisation by one of its representatives. */
  @Column({ name: 'organisation_id', type: 'uuid', nullable: true })
  organisationId!: string | null;

  @ManyToOne(() => OrganisationEntity, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'organisation_id', foreignKeyConstraintName: 'comment_organisation_fk' })
  organisation?: OrganisationEntity;

  @Column({ type: 'text' })
  body!: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @Column({ name: 'edited_at', type: 'timestamptz', nullable: true })
  editedAt!: Date | null;

  @Column({ name: 'deleted_at', type: 'timestamptz', nullable: true })
  deletedAt!: Date | null;

  /** Hidden by moderation (hideComment): its text is replaced, publicly, by the reason. */
  @Column({ name: 'hidden_at', type: 'timestamptz', nullable: true })
  hiddenAt!: Date | null;

  @Column({ name: 'hidden_reason', type: 'text', nullable: true })
  hiddenReason!: string | null;

  @Column({ name: 'hidden_by', type: 'uuid', nullable: true })
  hiddenBy!: string | null;

  @ManyToOne(() => PersonEntity, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'hidden_by', foreignKeyConstraintName: 'comment_hidden_by_fk' })
  hider?: PersonEntity;
}

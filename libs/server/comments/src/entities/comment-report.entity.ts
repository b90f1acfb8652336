import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { PersonEntity } from '@pit/accounts';
import { CommentEntity } from './comment.entity.js';

/** A report of a comment for moderation: one per person and comment. */
@Entity('comment_report')
@Index('comment_report_created_idx', ['createdAt'])
export class CommentReportEntity {
  @PrimaryColumn({ name: 'comment_id', type: 'uuid', primaryKeyConstraintName: 'comment_report_pk' })
  commentId!: string;

  @ManyToOne(() => CommentEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'comment_id', foreignKeyConstraintName: 'comment_report_comment_fk' })
  comment?: CommentEntity;

  @Index('comment_report_reporter_idx')
  @PrimaryColumn({ name: 'reporter_id', type: 'uuid', primaryKeyConstraintName: 'comment_report_pk' })
  reporterId!: string;

  @ManyToOne(() => PersonEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'reporter_id', foreignKeyConstraintName: 'comment_report_reporter_fk' })
  reporter?: PersonEntity;

  /** One of COMMENT_REPORT_REASONS. */
  @Column({ type: 'text' })
  reason!: string;

  @Column({ type: 'text', nullable: true })
  detail!: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}

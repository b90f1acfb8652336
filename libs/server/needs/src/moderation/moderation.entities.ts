import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { AuthorityEntity } from '@pit/territory';
import { PersonEntity } from '@pit/accounts';
import { NeedEntity } from '../entities/need.entity.js';

/** An authority's moderation settings: with pre-moderation on, the needs routed to it wait for approval before they are public. */
@Entity('authority_moderation')
export class AuthorityModerationEntity {
  @PrimaryColumn({ name: 'authority_id', type: 'uuid', primaryKeyConstraintName: 'authority_moderation_pk' })
  authorityId!: string;

  @ManyToOne(() => AuthorityEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'authority_id', foreignKeyConstraintName: 'authority_moderation_authority_fk' })
  authority?: AuthorityEntity;

  @Column({ type: 'boolean', default: false })
  premoderation!: boolean;

  @Column({ name: 'updated_by', type: 'uuid', nullable: true })
  updatedBy!: string | null;

  @ManyToOne(() => PersonEntity, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'updated_by', foreignKeyConstraintName: 'authority_moderation_updater_fk' })
  updater?: PersonEntity;

  @Column({ name: 'updated_at', type: 'timestamptz', default: () => 'now()' })
  updatedAt!: Date;
}

/**
 * A need held by pre-moderation: out of every public list, page and search, and closed to supports,
 * follows and comments, until approved (row deleted) or rejected (hidden with a reason, row deleted).
 */
@Entity('need_moderation_hold')
@Index('need_moderation_hold_created_idx', ['createdAt'])
export class NeedModerationHoldEntity {
  @PrimaryColumn({ name: 'need_id', type: 'uuid', primaryKeyConstraintName: 'need_moderation_hold_pk' })
  needId!: string;

  @ManyToOne(() => NeedEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'need_id', foreignKeyConstraintName: 'need_moderation_hold_need_fk' })
  need?: NeedEntity;

  /** The pre-moderating authority the need was routed to. */
  @Index('need_moderation_hold_authority_idx')
  @Column({ name: 'authority_id', type: 'uuid' })
  authorityId!: string;

  @ManyToOne(() => AuthorityEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'authority_id', foreignKeyConstraintName: 'need_moderation_hold_authority_fk' })
  authority?: AuthorityEntity;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}

/** A resident's report of a need: one per person and need. */
@Entity('need_report')
@Index('need_report_created_idx', ['createdAt'])
export class NeedReportEntity {
  @PrimaryColumn({ name: 'need_id', type: 'uuid', primaryKeyConstraintName: 'need_report_pk' })
  needId!: string;

  @ManyToOne(() => NeedEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'need_id', foreignKeyConstraintName: 'need_report_need_fk' })
  need?: NeedEntity;

  @Index('need_report_reporter_idx')
  @PrimaryColumn({ name: 'reporter_id', type: 'uuid', primaryKeyConstraintName: 'need_report_pk' })
  reporterId!: string;

  @ManyToOne(() => PersonEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'reporter_id', foreignKeyConstraintName: 'need_report_reporter_fk' })
  reporter?: PersonEntity;

  /** One of NEED_REPORT_REASONS (@pit/domain). */
  @Column({ type: 'text' })
  reason!: string;

  @Column({ type: 'text', nullable: true })
  detail!: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}

/**
 * Moderation state of a need or a comment (subject_type 'need' | 'comment'): the personal data found
 * and masked in its text at the last write, and when a moderator last reviewed it. The queue shows a
 * subject while it has reports or personal data newer than its review.
 */
@Entity('moderation_flag')
export class ModerationFlagEntity {
  @PrimaryColumn({ name: 'subject_type', type: 'text', primaryKeyConstraintName: 'moderation_flag_pk' })
  subjectType!: string;

  @PrimaryColumn({ name: 'subject_id', type: 'uuid', primaryKeyConstraintName: 'moderation_flag_pk' })
  subjectId!: string;

  /** PersonalDataKind values (@pit/domain) masked at the last write that found any. */
  @Column({ name: 'personal_data', type: 'text', array: true, default: () => `'{}'` })
  personalData!: string[];

  @Index('moderation_flag_personal_data_idx')
  @Column({ name: 'personal_data_at', type: 'timestamptz', nullable: true })
  personalDataAt!: Date | null;

  @Column({ name: 'reviewed_at', type: 'timestamptz', nullable: true })
  reviewedAt!: Date | null;

  @Column({ name: 'reviewed_by', type: 'uuid', nullable: true })
  reviewedBy!: string | null;

  @ManyToOne(() => PersonEntity, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'reviewed_by', foreignKeyConstraintName: 'moderation_flag_reviewer_fk' })
  reviewer?: PersonEntity;
}

export const MODERATION_ENTITIES = [AuthorityModerationEntity, NeedModerationHoldEntity, NeedReportEntity, ModerationFlagEntity];

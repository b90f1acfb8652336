import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { AuthorityEntity } from '@pit/territory';
import { PersonEntity } from '@pit/accounts';

export const INBOX_EXPORT_STATUSES = ['queued', 'running', 'done', 'failed'] as const;
export type InboxExportStatus = (typeof INBOX_EXPORT_STATUSES)[number];

/**
 * A CSV export of an authority's inbox, built by the `build-inbox-export` job: its progress, the stored
 * file, and when its download link expires (then the retention sweep deletes the file and the row).
 */
@Entity('inbox_export')
@Index('inbox_export_requested_by_idx', ['requestedBy', 'createdAt'])
@Index('inbox_export_expires_idx', ['expiresAt'])
@Check('inbox_export_status_check', `status IN ('queued', 'running', 'done', 'failed')`)
export class InboxExportEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'inbox_export_pk' })
  id!: string;

  @Column({ name: 'authority_id', type: 'uuid' })
  authorityId!: string;

  @ManyToOne(() => AuthorityEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'authority_id', foreignKeyConstraintName: 'inbox_export_authority_fk' })
  authority?: AuthorityEntity;

  @Column({ name: 'requested_by', type: 'uuid' })
  requestedBy!: string;

  @ManyToOne(() => PersonEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'requested_by', foreignKeyConstraintName: 'inbox_export_requested_by_fk' })
  requester?: PersonEntity;

  /** The inbox filter (InboxFilter) and search text the export was asked with. */
  @Column({ type: 'jsonb' })
  filter!: { filter: Record<string, unknown>; q: string | null };

  @Column({ type: 'text', default: 'queued' })
  status!: InboxExportStatus;

  @Column({ name: 'rows_done', type: 'int', default: 0 })
  rowsDone!: number;

  /** Known once the job has counted the rows. */
  @Column({ name: 'rows_total', type: 'int', nullable: true })
  rowsTotal!: number | null;

  /** Storage key of the CSV once done (disk or S3, like photos). */
  @Column({ name: 'file_key', type: 'text', nullable: true })
  fileKey!: string | null;

  /** Signs the download links of this export (HMAC-SHA256); never leaves the database. */
  @Column({ name: 'link_secret', type: 'text' })
  linkSecret!: string;

  /** Which run of the job holds the export while running; a finished run of another claim writes nothing. */
  @Column({ name: 'claim_id', type: 'uuid', nullable: true })
  claimId!: string | null;

  @Column({ name: 'heartbeat_at', type: 'timestamptz', nullable: true })
  heartbeatAt!: Date | null;

  @Column({ name: 'finished_at', type: 'timestamptz', nullable: true })
  finishedAt!: Date | null;

  /** End of the download link's validity (24 h after the file is ready). */
  @Column({ name: 'expires_at', type: 'timestamptz', nullable: true })
  expiresAt!: Date | null;

  @Column({ type: 'text', nullable: true })
  error!: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}

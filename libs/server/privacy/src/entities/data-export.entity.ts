import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { PersonEntity } from '@pit/accounts';

export const DATA_EXPORT_STATUSES = ['queued', 'running', 'done', 'failed'] as const;
export type DataExportStatus = (typeof DATA_EXPORT_STATUSES)[number];

/**
 * "Télécharger mes données": a JSON file of everything the platform holds about one person, built by
 * the `build-data-export` job, downloadable through a signed link for 7 days (then the retention job
 * deletes the file and the row). At most one export per person is waiting or being built.
 */
@Entity('data_export')
@Index('data_export_person_idx', ['personId', 'createdAt'])
@Index('data_export_pending_uq', ['personId'], { unique: true, where: `status IN ('queued', 'running')` })
@Check('data_export_status_check', `status IN ('queued', 'running', 'done', 'failed')`)
export class DataExportEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'data_export_pk' })
  id!: string;

  @Column({ name: 'person_id', type: 'uuid' })
  personId!: string;

  @ManyToOne(() => PersonEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'person_id', foreignKeyConstraintName: 'data_export_person_fk' })
  person?: PersonEntity;

  @Column({ type: 'text', default: 'queued' })
  status!: DataExportStatus;

  /** Storage key of the JSON once done (disk or S3, like photos and inbox exports). */
  @Column({ name: 'file_key', type: 'text', nullable: true })
  fileKey!: string | null;

  /** Signs the download links of this export (HMAC-SHA256); never leaves the database. */
  @Column({ name: 'link_secret', type: 'text' })
  linkSecret!: string;

  @Column({ name: 'claim_id', type: 'uuid', nullable: true })
  claimId!: string | null;

  @Column({ name: 'heartbeat_at', type: 'timestamptz', nullable: true })
  heartbeatAt!: Date | null;

  @Column({ name: 'finished_at', type: 'timestamptz', nullable: true })
  finishedAt!: Date | null;

  /** End of the download link's validity (7 days after the file is ready). */
  @Column({ name: 'expires_at', type: 'timestamptz', nullable: true })
  expiresAt!: Date | null;

  @Column({ type: 'text', nullable: true })
  error!: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}

import { Check, Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, Unique } from 'typeorm';

/**
 * One open-data file published by the daily `publish-open-data` job: the day it describes
 * (Europe/Paris), its format, where it is stored and what it holds. One row per (day, format):
 * running the job again the same day publishes nothing new.
 */
@Entity('open_data_publication')
@Unique('open_data_publication_day_format_key', ['day', 'format'])
@Check('open_data_publication_format_check', `format IN ('csv', 'json', 'geojson')`)
export class OpenDataPublicationEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'open_data_publication_pk' })
  id!: string;

  /** YYYY-MM-DD, Europe/Paris. */
  @Column({ type: 'date' })
  day!: string;

  @Column({ type: 'text' })
  format!: string;

  /** Storage key (disk or S3, like photos and exports), under open-data/. */
  @Column({ name: 'storage_key', type: 'text' })
  storageKey!: string;

  @Column({ name: 'row_count', type: 'int' })
  rowCount!: number;

  @Column({ type: 'int' })
  bytes!: number;

  /** Hex SHA-256 of the file, for reusers who check their copy. */
  @Column({ type: 'text' })
  sha256!: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}

import { Column, CreateDateColumn, Entity, Generated, Index, PrimaryGeneratedColumn } from 'typeorm';

// One row per job to run, written in the same transaction as the domain change.
@Entity('outbox_message')
@Index('outbox_message_unpublished_idx', ['id'], { where: 'published_at IS NULL' })
export class OutboxMessageEntity {
  @PrimaryGeneratedColumn('identity', { type: 'bigint', generatedIdentity: 'ALWAYS' })
  id!: string;

  /**
   * The BullMQ job id's body: unique across databases, so a database recreated or restored against
   * the same Redis never reuses the id of a job Redis still remembers (which would be skipped).
   */
  @Column({ name: 'job_key', type: 'uuid' })
  @Generated('uuid')
  jobKey!: string;

  @Column({ type: 'text' })
  name!: string;

  @Column({ type: 'jsonb' })
  payload!: Record<string, unknown>;

  /** Same key, same job: a second enqueue is ignored. */
  @Index('outbox_message_dedup_key_uq', { unique: true })
  @Column({ name: 'dedup_key', type: 'text', nullable: true })
  dedupKey!: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @Column({ name: 'published_at', type: 'timestamptz', nullable: true })
  publishedAt!: Date | null;

  @Column({ name: 'publish_attempts', type: 'int', default: 0 })
  publishAttempts!: number;

  @Column({ name: 'last_error', type: 'text', nullable: true })
  lastError!: string | null;
}

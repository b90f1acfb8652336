import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** One staff mutation: who did what to which subject, the state before and after, and when. */
@Entity('audit_entry')
@Index('audit_entry_subject_idx', ['subjectType', 'subjectId', 'createdAt'])
@Index('audit_entry_created_idx', ['createdAt'])
@Index('audit_entry_authority_idx', ['authorityId', 'createdAt'])
export class AuditEntryEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  /** The person who acted; null for the system. Kept when the person is deleted (no foreign key). */
  @Column({ name: 'actor_id', type: 'uuid', nullable: true })
  actorId!: string | null;

  /** What was done, as an access action name, e.g. `need.status`. */
  @Column({ type: 'text' })
  action!: string;

  @Column({ name: 'subject_type', type: 'text' })
  subjectType!: string;

  @Column({ name: 'subject_id', type: 'uuid' })
  subjectId!: string;

  /** The authority the change concerns (browsing the journal by authority); null when none does. */
  @Column({ name: 'authority_id', type: 'uuid', nullable: true })
  authorityId!: string | null;

  @Column({ type: 'jsonb', nullable: true })
  before!: Record<string, unknown> | null;

  @Column({ type: 'jsonb', nullable: true })
  after!: Record<string, unknown> | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}

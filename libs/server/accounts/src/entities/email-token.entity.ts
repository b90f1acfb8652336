import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * A single-use link sent by email. The secret is drawn by the job that sends the email, so it
 * never sits in the outbox; only its SHA-256 is stored.
 */
@Entity('email_token')
export class EmailTokenEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  /** verify_email | reset_password | change_email | confirm_need | organisation_invitation */
  @Column({ type: 'text' })
  purpose!: string;

  @Index('email_token_hash_uq', { unique: true, where: 'token_hash IS NOT NULL' })
  @Column({ name: 'token_hash', type: 'bytea', nullable: true })
  tokenHash!: Buffer | null;

  @Index('email_token_person_idx')
  @Column({ name: 'person_id', type: 'uuid', nullable: true })
  personId!: string | null;

  /** Where the link goes (the new address for an email change). */
  @Column({ type: 'text' })
  email!: string;

  /** The need to confirm, the organisation to join… */
  @Column({ name: 'subject_id', type: 'uuid', nullable: true })
  subjectId!: string | null;

  /** Extra data of the link, e.g. the role offered by an invitation. */
  @Column({ type: 'text', nullable: true })
  detail!: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @Column({ name: 'expires_at', type: 'timestamptz' })
  expiresAt!: Date;

  @Column({ name: 'sent_at', type: 'timestamptz', nullable: true })
  sentAt!: Date | null;

  @Column({ name: 'used_at', type: 'timestamptz', nullable: true })
  usedAt!: Date | null;
}

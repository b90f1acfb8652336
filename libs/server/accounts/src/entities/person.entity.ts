import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** A resident, staff member or mediator. Public display is the pseudonym; names are never public. */
@Entity('person')
export class PersonEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'text' })
  pseudonym!: string;

  /** Lower case without accents: two pseudonyms that only differ by those are the same. */
  @Index('person_pseudonym_key_uq', { unique: true })
  @Column({ name: 'pseudonym_key', type: 'text' })
  pseudonymKey!: string;

  /** Lower-cased; null for an identity-provider account without email. */
  @Index('person_email_uq', { unique: true })
  @Column({ type: 'text', nullable: true })
  email!: string | null;

  @Column({ name: 'email_verified_at', type: 'timestamptz', nullable: true })
  emailVerifiedAt!: Date | null;

  /** argon2id; null for accounts that only log in through FranceConnect or ProConnect. */
  @Column({ name: 'password_hash', type: 'text', nullable: true })
  passwordHash!: string | null;

  @Column({ name: 'given_name', type: 'text', nullable: true })
  givenName!: string | null;

  @Column({ name: 'family_name', type: 'text', nullable: true })
  familyName!: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @Column({ name: 'last_active_at', type: 'timestamptz', default: () => 'now()' })
  lastActiveAt!: Date;

  @Column({ name: 'deactivated_at', type: 'timestamptz', nullable: true })
  deactivatedAt!: Date | null;

  /** Set when the account was erased (by its owner or after 2 years of inactivity): the row stays, pseudonym "Compte supprimé", nothing personal. */
  @Column({ name: 'erased_at', type: 'timestamptz', nullable: true })
  erasedAt!: Date | null;
}

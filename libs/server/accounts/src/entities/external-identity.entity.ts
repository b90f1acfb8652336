import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { PersonEntity } from './person.entity.js';

/** A FranceConnect or ProConnect identity (provider + sub) linked to a person. */
@Entity('external_identity')
@Index('external_identity_provider_subject_uq', ['provider', 'subject'], { unique: true })
export class ExternalIdentityEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'text' })
  provider!: string;

  @Column({ type: 'text' })
  subject!: string;

  @Index('external_identity_person_idx')
  @Column({ name: 'person_id', type: 'uuid' })
  personId!: string;

  @ManyToOne(() => PersonEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'person_id', foreignKeyConstraintName: 'external_identity_person_fk' })
  person?: PersonEntity;

  /**
   * FranceConnect only: HMAC of the folded first given name + family name and the birth year (identityHash),
   * refreshed at each login, so a paper support of the same person is refused; the birthdate is never stored.
   */
  @Index('external_identity_identity_hash_idx')
  @Column({ name: 'identity_hash', type: 'bytea', nullable: true })
  identityHash!: Buffer | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}

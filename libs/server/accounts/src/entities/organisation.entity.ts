import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** An association, business, school or collective; verified by an admin before it can act publicly. */
@Entity('organisation')
export class OrganisationEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'text' })
  name!: string;

  /** association | business | school | collective */
  @Column({ type: 'text' })
  kind!: string;

  /** siren | siret | rna | none */
  @Column({ name: 'identifier_type', type: 'text' })
  identifierType!: string;

  @Column({ type: 'text', nullable: true })
  identifier!: string | null;

  @Column({ name: 'verified_at', type: 'timestamptz', nullable: true })
  verifiedAt!: Date | null;

  @Column({ name: 'verified_by', type: 'uuid', nullable: true })
  verifiedBy!: string | null;

  @Column({ name: 'created_by', type: 'uuid' })
  createdBy!: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}

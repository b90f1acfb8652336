import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { AuthorityEntity } from './authority.entity.js';

@Entity('commune')
export class CommuneEntity {
  /** INSEE code: needs are routed on it, never on the postcode. */
  @PrimaryColumn({ type: 'char', length: 5 })
  code!: string;

  @Column({ type: 'text' })
  name!: string;

  /** Lower case, no accents, for search. */
  @Column({ name: 'search_name', type: 'text' })
  searchName!: string;

  @Column({ type: 'text', array: true })
  postcodes!: string[];

  @Column({ type: 'int', nullable: true })
  population!: number | null;

  @Index('commune_epci_idx')
  @Column({ name: 'epci_id', type: 'uuid' })
  epciId!: string;

  @ManyToOne(() => AuthorityEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'epci_id', foreignKeyConstraintName: 'commune_epci_fk' })
  epci?: AuthorityEntity;

  /** The commune as an authority (its town hall). */
  @Index('commune_authority_uq', { unique: true })
  @Column({ name: 'authority_id', type: 'uuid' })
  authorityId!: string;

  @ManyToOne(() => AuthorityEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'authority_id', foreignKeyConstraintName: 'commune_authority_fk' })
  authority?: AuthorityEntity;
}

import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import type { CompetenceLevel } from '@pit/domain';
import { AuthorityEntity } from './authority.entity.js';
import { CategoryEntity } from './category.entity.js';
import { CommuneEntity } from './commune.entity.js';

/**
 * (category, EPCI, optional commune) → level, and the sentence shown to residents.
 * The most specific rule wins: a commune that kept a competence has its own row.
 */
@Entity('routing_rule')
@Index('routing_rule_epci_scope_uq', ['categoryKey', 'epciId'], { unique: true, where: 'commune_code IS NULL' })
@Index('routing_rule_commune_scope_uq', ['categoryKey', 'epciId', 'communeCode'], { unique: true, where: 'commune_code IS NOT NULL' })
export class RoutingRuleEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'category_key', type: 'text' })
  categoryKey!: string;

  @ManyToOne(() => CategoryEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'category_key', foreignKeyConstraintName: 'routing_rule_category_fk' })
  category?: CategoryEntity;

  @Column({ name: 'epci_id', type: 'uuid' })
  epciId!: string;

  @ManyToOne(() => AuthorityEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'epci_id', foreignKeyConstraintName: 'routing_rule_epci_fk' })
  epci?: AuthorityEntity;

  @Column({ name: 'commune_code', type: 'char', length: 5, nullable: true })
  communeCode!: string | null;

  @ManyToOne(() => CommuneEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'commune_code', foreignKeyConstraintName: 'routing_rule_commune_fk' })
  commune?: CommuneEntity;

  @Column({ type: 'char', length: 1 })
  level!: CompetenceLevel;

  /** Only for level X: the outside body residents must turn to. */
  @Column({ name: 'external_authority_id', type: 'uuid', nullable: true })
  externalAuthorityId!: string | null;

  @ManyToOne(() => AuthorityEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'external_authority_id', foreignKeyConstraintName: 'routing_rule_external_authority_fk' })
  externalAuthority?: AuthorityEntity;

  /** Sentence with placeholders {de_autorite} and {a_autorite}, filled with the chosen authority. */
  @Column({ name: 'reason_template', type: 'text' })
  reasonTemplate!: string;

  /** A cell marked "?" in the competence table: to verify against BANATIC and the statutes. */
  @Column({ name: 'to_verify', type: 'boolean', default: false })
  toVerify!: boolean;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}

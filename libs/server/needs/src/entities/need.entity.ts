import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import type { NeedChannel, NeedFrequency, NeedKind, NeedStatus, PeopleRange } from '@pit/domain';
import { AuthorityEntity, CategoryEntity, CommuneEntity } from '@pit/territory';
import { OrganisationEntity, PersonEntity } from '@pit/accounts';

@Entity('need')
@Index('need_public_feed_idx', ['createdAt', 'id'], { where: `status <> 'pending_confirmation'` })
// The reconciliation sweep (sweep-unrouted-needs) reads the needs not routed yet, oldest first.
@Index('need_unrouted_idx', ['createdAt'], { where: 'current_routing_id IS NULL' })
// Expression indexes written in the migration (NeedStructure): French full-text search over
// pit_need_search(title, description) and trigram similarity on the title.
@Index('need_search_idx', { synchronize: false })
@Index('need_title_trgm_idx', { synchronize: false })
export class NeedEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  /** Short public reference used in URLs and receipts, e.g. B-7K3M9Q. */
  @Index('need_reference_uq', { unique: true })
  @Column({ type: 'text' })
  reference!: string;

  @Column({ type: 'text' })
  title!: string;

  @Column({ type: 'text' })
  description!: string;

  @Index('need_category_idx')
  @Column({ name: 'category_key', type: 'text' })
  categoryKey!: string;

  @ManyToOne(() => CategoryEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'category_key', foreignKeyConstraintName: 'need_category_fk' })
  category?: CategoryEntity;

  /** INSEE code: routing starts from it. */
  @Index('need_commune_idx')
  @Column({ name: 'commune_code', type: 'char', length: 5 })
  communeCode!: string;

  @ManyToOne(() => CommuneEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'commune_code', foreignKeyConstraintName: 'need_commune_fk' })
  commune?: CommuneEntity;

  @Index('need_status_idx')
  @Column({ type: 'text' })
  status!: NeedStatus;

  /** The authority currently in charge (from the latest routing); null until routed. */
  @Index('need_authority_idx')
  @Column({ name: 'authority_id', type: 'uuid', nullable: true })
  authorityId!: string | null;

  @ManyToOne(() => AuthorityEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'authority_id', foreignKeyConstraintName: 'need_authority_fk' })
  authority?: AuthorityEntity;

  /** The account that submitted it; null for a submission without an account. */
  @Index('need_author_idx')
  @Column({ name: 'author_id', type: 'uuid', nullable: true })
  authorId!: string | null;

  @ManyToOne(() => PersonEntity, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'author_id', foreignKeyConstraintName: 'need_author_fk' })
  author?: PersonEntity;

  /** Without an account: where the confirmation link went. Never public. */
  @Column({ name: 'author_email', type: 'text', nullable: true })
  authorEmail!: string | null;

  /** SHA-256 of the token that lets the author's browser see the need before it is confirmed. */
  @Column({ name: 'author_view_hash', type: 'bytea', nullable: true })
  authorViewHash!: Buffer | null;

  /** 'need' (something lacking) or 'idea' (a proposed new service). */
  @Column({ type: 'text', default: 'need' })
  kind!: NeedKind;

  /** Keys of AFFECTED_GROUPS. */
  @Column({ name: 'affected_groups', type: 'text', array: true, default: () => `'{}'` })
  affectedGroups!: string[];

  @Column({ type: 'text', nullable: true })
  frequency!: NeedFrequency | null;

  @Column({ name: 'people_range', type: 'text', nullable: true })
  peopleRange!: PeopleRange | null;

  /** Optional place chosen through the geocoder (its label, and the point it returned). */
  @Column({ name: 'address_label', type: 'text', nullable: true })
  addressLabel!: string | null;

  @Column({ name: 'address_lat', type: 'double precision', nullable: true })
  addressLat!: number | null;

  @Column({ name: 'address_lon', type: 'double precision', nullable: true })
  addressLon!: number | null;

  /** Submitted in the name of this organisation (its representative is the author). */
  @Index('need_organisation_idx')
  @Column({ name: 'organisation_id', type: 'uuid', nullable: true })
  organisationId!: string | null;

  @ManyToOne(() => OrganisationEntity, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'organisation_id', foreignKeyConstraintName: 'need_organisation_fk' })
  organisation?: OrganisationEntity;

  /** Last edit by its author ("modifié le …"); null when never edited. */
  @Column({ name: 'edited_at', type: 'timestamptz', nullable: true })
  editedAt!: Date | null;

  /** The agent of the current authority in charge of it; null: the authority's unassigned queue. */
  @Index('need_assignee_idx')
  @Column({ name: 'assignee_id', type: 'uuid', nullable: true })
  assigneeId!: string | null;

  @ManyToOne(() => PersonEntity, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'assignee_id', foreignKeyConstraintName: 'need_assignee_fk' })
  assignee?: PersonEntity;

  /** How the need arrived (NEED_CHANNELS): web, or transcribed/assisted by staff. */
  @Check('need_channel_ck', `channel IN ('web', 'guichet', 'france_services', 'telephone', 'courrier', 'email')`)
  @Column({ type: 'text', default: 'web' })
  channel!: NeedChannel;

  /** When staff first answered it (first status change by staff); null until then. */
  @Column({ name: 'first_answer_at', type: 'timestamptz', nullable: true })
  firstAnswerAt!: Date | null;

  /** Accountability clock: routed time + the authority's first-answer target; overdue when passed without a first answer. */
  @Column({ name: 'answer_due_at', type: 'timestamptz', nullable: true })
  answerDueAt!: Date | null;

  @Column({ name: 'current_routing_id', type: 'uuid', nullable: true })
  currentRoutingId!: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}

import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { OrganisationEntity, PersonEntity } from '@pit/accounts';
import { NeedEntity } from '@pit/needs';

/** A verified organisation backs a need with a short statement; shown apart, never in the tally. */
@Entity('need_backing')
export class NeedBackingEntity {
  @PrimaryColumn({ name: 'need_id', type: 'uuid', primaryKeyConstraintName: 'need_backing_pk' })
  needId!: string;

  @ManyToOne(() => NeedEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'need_id', foreignKeyConstraintName: 'need_backing_need_fk' })
  need?: NeedEntity;

  @Index('need_backing_organisation_idx')
  @PrimaryColumn({ name: 'organisation_id', type: 'uuid', primaryKeyConstraintName: 'need_backing_pk' })
  organisationId!: string;

  @ManyToOne(() => OrganisationEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'organisation_id', foreignKeyConstraintName: 'need_backing_organisation_fk' })
  organisation?: OrganisationEntity;

  @Column({ type: 'text' })
  statement!: string;

  @Column({ name: 'backed_by', type: 'uuid', nullable: true })
  backedBy!: string | null;

  @ManyToOne(() => PersonEntity, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'backed_by', foreignKeyConstraintName: 'need_backing_person_fk' })
  backer?: PersonEntity;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}

import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { AuthorityEntity } from '@pit/territory';
import { PersonEntity } from './person.entity.js';

/** admin and moderator are platform-wide; agent and mediator belong to one authority. */
@Entity('role_assignment')
@Index('role_assignment_uq', ['personId', 'role', 'authorityId'], { unique: true, where: 'authority_id IS NOT NULL' })
@Index('role_assignment_global_uq', ['personId', 'role'], { unique: true, where: 'authority_id IS NULL' })
export class RoleAssignmentEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Index('role_assignment_person_idx')
  @Column({ name: 'person_id', type: 'uuid' })
  personId!: string;

  @ManyToOne(() => PersonEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'person_id', foreignKeyConstraintName: 'role_assignment_person_fk' })
  person?: PersonEntity;

  @Column({ type: 'text' })
  role!: string;

  @Column({ name: 'authority_id', type: 'uuid', nullable: true })
  authorityId!: string | null;

  @ManyToOne(() => AuthorityEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'authority_id', foreignKeyConstraintName: 'role_assignment_authority_fk' })
  authority?: AuthorityEntity;

  @Column({ name: 'created_by', type: 'uuid', nullable: true })
  createdBy!: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}

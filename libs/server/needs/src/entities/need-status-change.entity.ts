import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import type { NeedStatus } from '@pit/domain';
import { NeedEntity } from './need.entity.js';

/** The public timeline of a need: one row per status it entered. */
@Entity('need_status_change')
@Index('need_status_change_need_idx', ['needId', 'createdAt'])
export class NeedStatusChangeEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'need_id', type: 'uuid' })
  needId!: string;

  @ManyToOne(() => NeedEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'need_id', foreignKeyConstraintName: 'need_status_change_need_fk' })
  need?: NeedEntity;

  @Column({ type: 'text' })
  status!: NeedStatus;

  @Column({ type: 'text', nullable: true })
  note!: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}

import { CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { PersonEntity } from '@pit/accounts';
import { NeedEntity } from '@pit/needs';

/** One resident's support of a need: at most one per person and need (the primary key). */
@Entity('need_support')
export class NeedSupportEntity {
  @PrimaryColumn({ name: 'need_id', type: 'uuid', primaryKeyConstraintName: 'need_support_pk' })
  needId!: string;

  @ManyToOne(() => NeedEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'need_id', foreignKeyConstraintName: 'need_support_need_fk' })
  need?: NeedEntity;

  @Index('need_support_person_idx')
  @PrimaryColumn({ name: 'person_id', type: 'uuid', primaryKeyConstraintName: 'need_support_pk' })
  personId!: string;

  @ManyToOne(() => PersonEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'person_id', foreignKeyConstraintName: 'need_support_person_fk' })
  person?: PersonEntity;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}

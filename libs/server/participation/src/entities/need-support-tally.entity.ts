import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { NeedEntity } from '@pit/needs';

/**
 * A need's support count, split over a few shards: `sum(supports)` over its rows is the exact count
 * (online supports plus paper batches). Each write adds ±n to one randomly chosen shard, so
 * concurrent supporters of a popular need rarely wait on the same row lock (see SupportsService).
 */
@Entity('need_support_tally')
// The shards from the largest down: the "most supported" list reads its first pages from here (NeedsRepository).
@Index('need_support_tally_rank_idx', ['supports', 'needId', 'shard'])
export class NeedSupportTallyEntity {
  @PrimaryColumn({ name: 'need_id', type: 'uuid', primaryKeyConstraintName: 'need_support_tally_pk' })
  needId!: string;

  @ManyToOne(() => NeedEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'need_id', foreignKeyConstraintName: 'need_support_tally_need_fk' })
  need?: NeedEntity;

  @PrimaryColumn({ type: 'smallint', primaryKeyConstraintName: 'need_support_tally_pk' })
  shard!: number;

  @Column({ type: 'int' })
  supports!: number;
}

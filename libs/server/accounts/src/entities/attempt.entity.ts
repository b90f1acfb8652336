import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * Attempts counted for throttling (failed logins by account and by client address, anonymous
 * submissions by address). Kept one day.
 */
@Entity('attempt')
@Index('attempt_key_at_idx', ['key', 'createdAt'])
export class AttemptEntity {
  @PrimaryGeneratedColumn('identity', { type: 'bigint', generatedIdentity: 'ALWAYS' })
  id!: string;

  /** e.g. login:account:<email>, login:ip:<address>, submit:ip:<address> */
  @Column({ type: 'text' })
  key!: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}

import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';
import { PersonEntity } from '@pit/accounts';
import { NeedEntity } from '../entities/need.entity.js';

/**
 * An Open311 API key issued by an admin to a partner (a commune's back office, a reporting app). Only the
 * SHA-256 of the key is kept; its first characters are shown so admins can tell keys apart.
 */
@Entity('open311_key')
export class Open311KeyEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'open311_key_pk' })
  id!: string;

  @Column({ name: 'partner_name', type: 'text' })
  partnerName!: string;

  @Index('open311_key_hash_uq', { unique: true })
  @Column({ name: 'key_hash', type: 'bytea' })
  keyHash!: Buffer;

  @Column({ name: 'key_prefix', type: 'text' })
  keyPrefix!: string;

  @Column({ name: 'created_by', type: 'uuid', nullable: true })
  createdBy!: string | null;

  @ManyToOne(() => PersonEntity, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'created_by', foreignKeyConstraintName: 'open311_key_creator_fk' })
  creator?: PersonEntity;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @Column({ name: 'revoked_at', type: 'timestamptz', nullable: true })
  revokedAt!: Date | null;

  @Column({ name: 'last_used_at', type: 'timestamptz', nullable: true })
  lastUsedAt!: Date | null;
}

/** A need that arrived through Open311: which key posted it, and the token that resolves it (tokens/{token}). */
@Entity('open311_request')
@Index('open311_request_key_idx', ['keyId'])
export class Open311RequestEntity {
  @PrimaryColumn({ name: 'need_id', type: 'uuid', primaryKeyConstraintName: 'open311_request_pk' })
  needId!: string;

  @ManyToOne(() => NeedEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'need_id', foreignKeyConstraintName: 'open311_request_need_fk' })
  need?: NeedEntity;

  @Column({ name: 'key_id', type: 'uuid' })
  keyId!: string;

  @ManyToOne(() => Open311KeyEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'key_id', foreignKeyConstraintName: 'open311_request_key_fk' })
  key?: Open311KeyEntity;

  @Index('open311_request_token_uq', { unique: true })
  @Column({ type: 'text' })
  token!: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}

export const OPEN311_ENTITIES = [Open311KeyEntity, Open311RequestEntity];

import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { PersonEntity } from '@pit/accounts';
import { AuthorityEntity } from '@pit/territory';

/**
 * A partner back office's endpoint, registered by an authority's agents (or admins): need events of that
 * authority are POSTed to `url`, signed with `secret` (HMAC-SHA256). The secret must be usable to sign, so it
 * cannot be kept as a hash: it is stored encrypted (AES-256-GCM, "enc:v1:…") when WEBHOOK_SECRET_KEY is set,
 * else as is ("plain:…") — see webhook-secrets.ts. It is shown once, at registration.
 */
@Entity('webhook')
@Index('webhook_authority_idx', ['authorityId'])
export class WebhookEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'webhook_pk' })
  id!: string;

  @Column({ name: 'authority_id', type: 'uuid' })
  authorityId!: string;

  @ManyToOne(() => AuthorityEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'authority_id', foreignKeyConstraintName: 'webhook_authority_fk' })
  authority?: AuthorityEntity;

  @Column({ type: 'text' })
  url!: string;

  /** Subscribed events, among WEBHOOK_EVENTS. */
  @Column({ type: 'text', array: true })
  events!: string[];

  @Column({ type: 'text' })
  secret!: string;

  @Column({ type: 'boolean', default: true })
  active!: boolean;

  @Column({ name: 'created_by', type: 'uuid', nullable: true })
  createdBy!: string | null;

  @ManyToOne(() => PersonEntity, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'created_by', foreignKeyConstraintName: 'webhook_creator_fk' })
  creator?: PersonEntity;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @Column({ name: 'disabled_at', type: 'timestamptz', nullable: true })
  disabledAt!: Date | null;
}

/**
 * One event delivered (or being delivered) to one webhook: unique per (webhook, event id), so a
 * fan-out job run twice creates it once. status: pending → sending (a worker holds it until
 * next_attempt_at) → delivered, or back to pending with a later next_attempt_at, or failed after the last attempt.
 */
@Entity('webhook_delivery')
@Index('webhook_delivery_event_uq', ['webhookId', 'eventId'], { unique: true })
@Index('webhook_delivery_recent_idx', ['webhookId', 'createdAt'])
export class WebhookDeliveryEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'webhook_delivery_pk' })
  id!: string;

  @Column({ name: 'webhook_id', type: 'uuid' })
  webhookId!: string;

  @ManyToOne(() => WebhookEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'webhook_id', foreignKeyConstraintName: 'webhook_delivery_webhook_fk' })
  webhook?: WebhookEntity;

  /** E.g. "need.status_changed:<need_status_change id>". */
  @Column({ name: 'event_id', type: 'text' })
  eventId!: string;

  @Column({ type: 'text' })
  event!: string;

  /** The JSON sent (without its sentAt, set per attempt): no personal data. */
  @Column({ type: 'jsonb' })
  payload!: Record<string, unknown>;

  @Column({ name: 'attempt_count', type: 'int', default: 0 })
  attemptCount!: number;

  @Column({ type: 'text', default: 'pending' })
  status!: string;

  @Column({ name: 'response_code', type: 'int', nullable: true })
  responseCode!: number | null;

  @Column({ type: 'text', nullable: true })
  error!: string | null;

  @Column({ name: 'next_attempt_at', type: 'timestamptz', nullable: true })
  nextAttemptAt!: Date | null;

  @Column({ name: 'delivered_at', type: 'timestamptz', nullable: true })
  deliveredAt!: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}

/** The log of a delivery: one row per HTTP attempt, with its answer or error. */
@Entity('webhook_attempt')
@Index('webhook_attempt_delivery_idx', ['deliveryId'])
export class WebhookAttemptEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'webhook_attempt_pk' })
  id!: string;

  @Column({ name: 'delivery_id', type: 'uuid' })
  deliveryId!: string;

  @ManyToOne(() => WebhookDeliveryEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'delivery_id', foreignKeyConstraintName: 'webhook_attempt_delivery_fk' })
  delivery?: WebhookDeliveryEntity;

  @Column({ type: 'int' })
  attempt!: number;

  @Column({ name: 'response_code', type: 'int', nullable: true })
  responseCode!: number | null;

  @Column({ type: 'text', nullable: true })
  error!: string | null;

  @Column({ name: 'duration_ms', type: 'int' })
  durationMs!: number;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}

export const WEBHOOK_ENTITIES = [WebhookEntity, WebhookDeliveryEntity, WebhookAttemptEntity];

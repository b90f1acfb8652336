import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** One row per email sent for an event to a recipient: a retried job finds it and sends nothing. */
@Entity('mail_delivery')
@Index('mail_delivery_key_recipient_uq', ['deliveryKey', 'recipient'], { unique: true })
export class MailDeliveryEntity {
  @PrimaryGeneratedColumn('identity', { type: 'bigint', generatedIdentity: 'ALWAYS' })
  id!: string;

  @Column({ name: 'delivery_key', type: 'text' })
  deliveryKey!: string;

  @Column({ type: 'text' })
  recipient!: string;

  @Column({ type: 'text' })
  subject!: string;

  @CreateDateColumn({ name: 'sent_at', type: 'timestamptz' })
  sentAt!: Date;
}

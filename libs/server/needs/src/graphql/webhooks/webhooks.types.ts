import { Field, ID, InputType, Int, ObjectType } from '@nestjs/graphql';
import { ArrayMaxSize, IsString, MaxLength } from 'class-validator';

@ObjectType('Webhook', { description: 'A partner back office’s endpoint receiving an authority’s need events (its secret is shown once, at registration)' })
export class WebhookType {
  @Field(() => ID)
  id!: string;

  @Field(() => ID)
  authorityId!: string;

  @Field(() => String)
  url!: string;

  @Field(() => [String], { description: 'Among need.routed, need.status_changed, need.transferred, need.requalified' })
  events!: string[];

  @Field(() => Boolean)
  active!: boolean;

  @Field(() => String, { nullable: true, description: 'Pseudonym of the person who registered it' })
  createdBy!: string | null;

  @Field(() => Date)
  createdAt!: Date;

  @Field(() => Date, { nullable: true })
  disabledAt!: Date | null;
}

@ObjectType('RegisteredWebhook', { description: 'A webhook just registered: its signing secret is shown this once and never again' })
export class RegisteredWebhookType {
  @Field(() => WebhookType)
  webhook!: WebhookType;

  @Field(() => String, { description: 'The HMAC-SHA256 key of X-PIT-Signature' })
  secret!: string;
}

@ObjectType('WebhookAttempt', { description: 'One HTTP attempt of a delivery' })
export class WebhookAttemptType {
  @Field(() => Int)
  attempt!: number;

  @Field(() => Int, { nullable: true })
  responseCode!: number | null;

  @Field(() => String, { nullable: true })
  error!: string | null;

  @Field(() => Int)
  durationMs!: number;

  @Field(() => Date)
  createdAt!: Date;
}

@ObjectType('WebhookDelivery', { description: 'One event sent to one webhook, with its attempts' })
export class WebhookDeliveryType {
  @Field(() => ID)
  id!: string;

  @Field(() => String)
  event!: string;

  @Field(() => String, { description: 'The event’s own id (event name and the id of the status change or routing), unique per webhook' })
  eventId!: string;

  @Field(() => String, { description: 'pending, sending, delivered or failed' })
  status!: string;

  @Field(() => Int)
  attemptCount!: number;

  @Field(() => Int, { nullable: true, description: 'HTTP status of the last attempt' })
  responseCode!: number | null;

  @Field(() => String, { nullable: true, description: 'Error of the last attempt' })
  error!: string | null;

  @Field(() => Date, { nullable: true })
  nextAttemptAt!: Date | null;

  @Field(() => Date, { nullable: true })
  deliveredAt!: Date | null;

  @Field(() => Date)
  createdAt!: Date;

  @Field(() => [WebhookAttemptType])
  attempts!: WebhookAttemptType[];
}

@InputType('RegisterWebhookInput')
export class RegisterWebhookInput {
  @Field(() => String, { description: 'https:// URL (http:// to loopback only when WEBHOOK_ALLOW_HTTP_LOOPBACK=true)' })
  @IsString({ message: 'Indiquez une adresse complète, par exemple https://exemple.fr/webhooks.' })
  @MaxLength(2000, { message: 'L’adresse est trop longue (500 caractères au plus).' })
  url!: string;

  @Field(() => [String])
  @IsString({ each: true, message: 'Choisissez au moins un événement dans la liste.' })
  @ArrayMaxSize(10, { message: 'Choisissez au moins un événement dans la liste.' })
  events!: string[];
}

import { AuditEntryEntity, MailDeliveryEntity, OutboxMessageEntity } from '@pit/core';
import { TERRITORY_ENTITIES } from '@pit/territory';
import { ASSISTED_ENTITIES, AnswerTemplateEntity, NEEDS_ENTITIES, OPEN_DATA_ENTITIES, OPEN311_ENTITIES, TEAM_ENTITIES, TRIAGE_ENTITIES, WEBHOOK_ENTITIES } from '@pit/needs';
import { ACCOUNTS_ENTITIES } from '@pit/accounts';
import { PARTICIPATION_ENTITIES } from '@pit/participation';
import { COMMENTS_ENTITIES } from '@pit/comments';
import { NOTIFICATIONS_ENTITIES } from '@pit/notifications';
import { EXPORTS_ENTITIES } from '@pit/exports';
import { HELP_ENTITIES } from '@pit/help';
import { PRIVACY_ENTITIES } from '@pit/privacy';

/** Every entity of the platform: for migrations, the seed and the schema drift check. */
export const ALL_ENTITIES = [OutboxMessageEntity, MailDeliveryEntity, ...TERRITORY_ENTITIES, ...ACCOUNTS_ENTITIES, ...NEEDS_ENTITIES, ...PARTICIPATION_ENTITIES, ...COMMENTS_ENTITIES, ...NOTIFICATIONS_ENTITIES, AuditEntryEntity, AnswerTemplateEntity, ...TRIAGE_ENTITIES, ...TEAM_ENTITIES, ...EXPORTS_ENTITIES, ...HELP_ENTITIES, ...PRIVACY_ENTITIES, ...ASSISTED_ENTITIES, ...OPEN311_ENTITIES, ...WEBHOOK_ENTITIES, ...OPEN_DATA_ENTITIES];

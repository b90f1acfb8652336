import { OutboxMessageEntity } from '@pit/core';
import { TERRITORY_ENTITIES } from '@pit/territory';
import { NEEDS_ENTITIES } from '@pit/needs';

/** Every entity of the platform: for migrations, the seed and the schema drift check. */
export const ALL_ENTITIES = [OutboxMessageEntity, ...TERRITORY_ENTITIES, ...NEEDS_ENTITIES];

import { inject } from 'vitest';

// Each test worker reads its services from what the global setup provided.
process.env.DATABASE_URL = inject('databaseUrl');
process.env.QUEUE_PREFIX = inject('queuePrefix');
process.env.OUTBOX_POLL_MS = '200';
const redisUrl = inject('redisUrl');
if (redisUrl) process.env.REDIS_URL = redisUrl;
else delete process.env.REDIS_URL;

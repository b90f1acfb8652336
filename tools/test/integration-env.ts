import { inject } from 'vitest';

// Each test worker reads its services from what the global setup provided.
process.env.DATABASE_URL = inject('databaseUrl');
process.env.QUEUE_PREFIX = inject('queuePrefix');
process.env.OUTBOX_POLL_MS = '200';
const redisUrl = inject('redisUrl');
if (redisUrl) process.env.REDIS_URL = redisUrl;
else delete process.env.REDIS_URL;
// The public read limit (PUBLIC_API_REQUESTS_PER_MINUTE) is off unless a file sets it: every injected request comes from 127.0.0.1.
process.env.PUBLIC_API_REQUESTS_PER_MINUTE ??= '0';

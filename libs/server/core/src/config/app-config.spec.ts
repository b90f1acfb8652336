import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './app-config.js';

describe('loadConfig', () => {
  it('applies defaults around a database URL', () => {
    expect(loadConfig({ DATABASE_URL: 'postgres://u@h:5432/db' })).toEqual({
      nodeEnv: 'development',
      databaseUrl: 'postgres://u@h:5432/db',
      redisUrl: null,
      queuePrefix: 'pit',
      apiHost: '127.0.0.1',
      apiPort: 3001,
      outboxPollMs: 1000,
      publicUrl: 'http://localhost:3000',
      smtpUrl: null,
      mailFrom: 'Plateforme territoriale <ne-pas-repondre@localhost>',
      webApiKey: null,
    });
  });

  it('names every faulty variable at once', () => {
    try {
      loadConfig({ REDIS_URL: 'http://x', API_PORT: '70000', QUEUE_PREFIX: 'a:b', SMTP_URL: 'mail.example', WEB_API_KEY: 'short' });
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      const problems = (error as ConfigError).problems.join('\n');
      expect(problems).toContain('DATABASE_URL');
      expect(problems).toContain('REDIS_URL');
      expect(problems).toContain('API_PORT');
      expect(problems).toContain('QUEUE_PREFIX');
      expect(problems).toContain('SMTP_URL');
      expect(problems).toContain('WEB_API_KEY');
    }
  });
});

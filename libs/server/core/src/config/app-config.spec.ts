import { describe, expect, it } from 'vitest';
import { ConfigError, DEVELOPMENT_PAPER_SUPPORT_SECRET, loadConfig, requirePaperSupportSecret } from './app-config.js';

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
      needRoutingSweepEveryMs: 60_000,
      needRoutingGraceSeconds: 120,
      anonymousSubmissionsPerHour: 30,
      publicUrl: 'http://localhost:3000',
      smtpUrl: null,
      mailFrom: 'Plateforme territoriale <ne-pas-repondre@localhost>',
      webApiKey: null,
      franceConnect: null,
      proConnect: null,
      serviceFeedbackDelayWeeks: 6,
      paperSupportSecret: DEVELOPMENT_PAPER_SUPPORT_SECRET,
      trustProxy: false,
    });
  });

  it('reads TRUST_PROXY: off by default, else the proxies’ addresses and ranges; neither "true" nor a hop count', () => {
    const base = { DATABASE_URL: 'postgres://u@h:5432/db' };
    const trust = (value: string) => loadConfig({ ...base, TRUST_PROXY: value }).trustProxy;
    expect([trust(''), trust('false'), trust('off')]).toEqual([false, false, false]);
    expect(trust('172.30.80.200')).toEqual(['172.30.80.200']);
    expect(trust('172.18.0.0/16, 10.0.0.5,loopback')).toEqual(['172.18.0.0/16', '10.0.0.5', 'loopback']);
    expect(trust('fd00::/8')).toEqual(['fd00::/8']);
    expect(() => trust('true')).toThrow(/TRUST_PROXY must be false or the addresses and CIDR ranges of the reverse proxies, comma-separated \(not understood: true\)/);
    expect(() => trust('1')).toThrow(/not understood: 1\)/);
    expect(() => trust('proxy.example, 10.0.0.0/33')).toThrow(/not understood: proxy.example, 10.0.0.0\/33\)/);
  });

  it('turns an identity provider on with its client id and secret, https or loopback only', () => {
    const base = { DATABASE_URL: 'postgres://u@h:5432/db' };
    expect(loadConfig({ ...base, FRANCECONNECT_CLIENT_ID: 'id', FRANCECONNECT_CLIENT_SECRET: 'secret' }).franceConnect).toEqual({
      issuer: 'https://fcp-low.integ01.dev-franceconnect.fr/api/v2',
      clientId: 'id',
      clientSecret: 'secret',
    });
    expect(loadConfig({ ...base, PROCONNECT_ISSUER: 'http://127.0.0.1:4000/api/v2', PROCONNECT_CLIENT_ID: 'id', PROCONNECT_CLIENT_SECRET: 's' }).proConnect?.issuer).toBe(
      'http://127.0.0.1:4000/api/v2',
    );
    expect(() => loadConfig({ ...base, FRANCECONNECT_CLIENT_ID: 'id' })).toThrow(/FRANCECONNECT_CLIENT_SECRET/);
    expect(() => loadConfig({ ...base, PROCONNECT_ISSUER: 'http://idp.example/api/v2', PROCONNECT_CLIENT_ID: 'id', PROCONNECT_CLIENT_SECRET: 's' })).toThrow(
      /PROCONNECT_ISSUER must use https/,
    );
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

  it('requires PAPER_SUPPORT_SECRET in production, 32 characters at least; development uses a fixed key', () => {
    const base = { DATABASE_URL: 'postgres://u@h:5432/db' };
    expect(() => requirePaperSupportSecret(loadConfig({ ...base, NODE_ENV: 'production' }))).toThrow(/PAPER_SUPPORT_SECRET is required in production/);
    expect(() => loadConfig({ ...base, PAPER_SUPPORT_SECRET: 'short' })).toThrow(/PAPER_SUPPORT_SECRET must hold at least 32 characters/);
    expect(loadConfig({ ...base, NODE_ENV: 'production', PAPER_SUPPORT_SECRET: 'k'.repeat(32) }).paperSupportSecret).toBe('k'.repeat(32));
  });
});

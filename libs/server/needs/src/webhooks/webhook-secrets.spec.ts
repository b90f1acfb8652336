import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { backoffDelay, newWebhookSecret, openSecret, sealSecret, webhookSettings, webhookSignature, webhookUrlProblem } from './webhook-secrets.js';

describe('webhook secrets, signatures and URLs', () => {
  const key = Buffer.alloc(32, 7);

  it('keeps a secret as is without a key, encrypted (AES-256-GCM, random IV) with one', () => {
    const secret = newWebhookSecret();
    expect(secret).toMatch(/^whsec_[A-Za-z0-9_-]{32}$/);
    expect(sealSecret(secret, null)).toBe(`plain:${secret}`);
    const sealed = sealSecret(secret, key);
    expect(sealed).toMatch(/^enc:v1:/);
    expect(sealed).not.toContain(secret);
    expect(sealSecret(secret, key)).not.toBe(sealed);
    expect(openSecret(sealed, key)).toBe(secret);
    expect(openSecret(`plain:${secret}`, key)).toBe(secret);
    expect(() => openSecret(sealed, null)).toThrow('WEBHOOK_SECRET_KEY is not set');
    expect(() => openSecret(sealed, Buffer.alloc(32, 8))).toThrow();
  });

  it('signs the raw body with HMAC-SHA256', () => {
    expect(webhookSignature('whsec_test', '{"a":1}')).toBe(`sha256=${createHmac('sha256', 'whsec_test').update('{"a":1}').digest('hex')}`);
  });

  it('accepts https, and http to loopback only when the switch is on', () => {
    expect(webhookUrlProblem('https://logiciel.example.fr/pit', { allowHttpLoopback: false })).toBeNull();
    expect(webhookUrlProblem('http://127.0.0.1:8080/hook', { allowHttpLoopback: false })).toBe('L’adresse doit commencer par https://.');
    expect(webhookUrlProblem('http://127.0.0.1:8080/hook', { allowHttpLoopback: true })).toBeNull();
    expect(webhookUrlProblem('http://logiciel.example.fr/hook', { allowHttpLoopback: true })).toBe('L’adresse doit commencer par https://.');
    expect(webhookUrlProblem('https://user:pw@logiciel.example.fr/', { allowHttpLoopback: false })).toBe('L’adresse ne doit pas contenir d’identifiants.');
    for (const inside of ['https://127.0.0.1/hook', 'https://10.1.2.3/', 'https://192.168.1.10/', 'https://169.254.169.254/latest', 'https://[::1]/', 'https://[fd00::1]/', 'https://localhost/', 'https://api.internal/', 'https://redis/']) {
      expect([inside, webhookUrlProblem(inside, { allowHttpLoopback: true })]).toEqual([inside, 'L’adresse doit être celle d’un serveur joignable sur internet.']);
    }
    expect(webhookUrlProblem('https://93.184.216.34/hook', { allowHttpLoopback: false })).toBeNull();
    expect(webhookUrlProblem('logiciel.example.fr', { allowHttpLoopback: false })).toBe('Indiquez une adresse complète, par exemple https://exemple.fr/webhooks.');
  });

  it('doubles the wait after each failure; reads its settings from the environment', () => {
    expect([1, 2, 3, 4].map((n) => backoffDelay(n, 30_000))).toEqual([30_000, 60_000, 120_000, 240_000]);
    expect(webhookSettings({})).toEqual({ allowHttpLoopback: false, timeoutMs: 5000, maxAttempts: 6, backoffMs: 30_000, secretKey: null });
    expect(webhookSettings({ WEBHOOK_SECRET_KEY: key.toString('hex') }).secretKey).toEqual(key);
    expect(() => webhookSettings({ WEBHOOK_SECRET_KEY: 'short' })).toThrow('WEBHOOK_SECRET_KEY must be 32 bytes');
    expect(() => webhookSettings({ WEBHOOK_MAX_ATTEMPTS: '0' })).toThrow('WEBHOOK_MAX_ATTEMPTS must be an integer between 1 and 20');
  });
});

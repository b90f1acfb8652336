import { describe, expect, it } from 'vitest';
import { checkDownloadToken, newLinkSecret, signDownloadToken, tokenExpiry } from './export-links.js';

const ID = '6f1c1f8e-4f5e-4a53-9d1b-0c2f1c5f6a7b';

describe('export download links', () => {
  const secret = newLinkSecret();
  const expiresAt = new Date('2026-11-27T08:00:00Z');

  it('carries its expiry and is accepted until then', () => {
    const token = signDownloadToken(secret, ID, expiresAt);
    expect(token.split('.')[0]).toBe('1795766400');
    expect(tokenExpiry(token)).toEqual(expiresAt);
    expect(checkDownloadToken(secret, ID, token, new Date('2026-11-27T07:59:59Z'))).toEqual({ ok: true });
    expect(checkDownloadToken(secret, ID, token, expiresAt)).toEqual({ ok: false, reason: 'expired' });
  });

  it('refuses a stretched expiry, another export, another secret and garbage', () => {
    const token = signDownloadToken(secret, ID, expiresAt);
    const stretched = `1895766400.${token.split('.')[1]}`;
    const now = new Date('2026-11-26T08:00:00Z');
    expect(checkDownloadToken(secret, ID, stretched, now)).toEqual({ ok: false, reason: 'forged' });
    expect(checkDownloadToken(secret, '00000000-0000-4000-8000-000000000000', token, now)).toEqual({ ok: false, reason: 'forged' });
    expect(checkDownloadToken(newLinkSecret(), ID, token, now)).toEqual({ ok: false, reason: 'forged' });
    expect(checkDownloadToken(secret, ID, 'n-importe-quoi', now)).toEqual({ ok: false, reason: 'malformed' });
    expect(tokenExpiry('12.court')).toBeNull();
  });
});

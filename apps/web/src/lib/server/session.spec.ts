import { describe, expect, it } from 'vitest';
import { forwardedHeaders, readSessionToken, setSessionCookie } from './session';
import type { Cookies } from '@sveltejs/kit';

function jar(initial: Record<string, string> = {}) {
  const set: Array<{ name: string; value: string; options: Record<string, unknown> }> = [];
  const cookies = {
    get: (name: string) => initial[name],
    set: (name: string, value: string, options: Record<string, unknown>) => set.push({ name, value, options }),
    delete: () => undefined,
  } as unknown as Cookies;
  return { cookies, set };
}

describe('session cookie and forwarded headers', () => {
  it('sends the token, and the client address only with the web key', () => {
    expect(forwardedHeaders({ token: 'tok', clientAddress: '192.0.2.1', userAgent: 'Firefox', webKey: 'k'.repeat(16) })).toEqual({
      authorization: 'Bearer tok',
      'x-forwarded-for': '192.0.2.1',
      'x-pit-web-key': 'k'.repeat(16),
      'user-agent': 'Firefox',
    });
    expect(forwardedHeaders({ token: null, clientAddress: '192.0.2.1', userAgent: null, webKey: null })).toEqual({});
  });

  it('keeps only printable ASCII of the user agent', () => {
    expect(forwardedHeaders({ token: null, clientAddress: null, userAgent: 'A\r\nB\u00e9', webKey: null })).toEqual({ 'user-agent': 'AB' });
  });

  it('reads only well-formed tokens', () => {
    expect(readSessionToken(jar({ pit_session: 'k36FeX2IFlV2vvZxPc7BtqhIlbcCeiO0jyqKuVsFQd0' }).cookies)).toBe('k36FeX2IFlV2vvZxPc7BtqhIlbcCeiO0jyqKuVsFQd0');
    expect(readSessionToken(jar({ pit_session: 'short' }).cookies)).toBeNull();
    expect(readSessionToken(jar({ pit_session: 'a b;c'.repeat(10) }).cookies)).toBeNull();
  });

  it('sets an httpOnly Lax cookie, Secure on https only, until the session expires', () => {
    const expiresAt = new Date(Date.now() + 3600_000).toISOString();
    const http = jar();
    setSessionCookie(http.cookies, new URL('http://localhost:3000/connexion'), { sessionToken: 't', expiresAt });
    expect(http.set[0]).toMatchObject({ name: 'pit_session', value: 't', options: { path: '/', httpOnly: true, sameSite: 'lax', secure: false } });
    expect(http.set[0]!.options.maxAge).toBeGreaterThan(3590);
    const https = jar();
    setSessionCookie(https.cookies, new URL('https://besoins.example.fr/connexion'), { sessionToken: 't', expiresAt });
    expect(https.set[0]!.options.secure).toBe(true);
  });
});

// Download links of inbox exports: `<expiry in unix seconds>.<HMAC-SHA256 of "<export id>.<expiry>">`,
// keyed by the export's own secret (kept in its row). The expiry is part of what is signed: a link
// cannot be stretched, and it dies with its export's row.
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

export type LinkCheck = { ok: true } | { ok: false; reason: 'malformed' | 'expired' | 'forged' };

export function newLinkSecret(): string {
  return randomBytes(32).toString('base64url');
}

function signature(secret: string, exportId: string, expires: number): string {
  return createHmac('sha256', secret).update(`${exportId}.${expires}`).digest('base64url');
}

export function signDownloadToken(secret: string, exportId: string, expiresAt: Date): string {
  const expires = Math.floor(expiresAt.getTime() / 1000);
  return `${expires}.${signature(secret, exportId, expires)}`;
}

/** The expiry written in a token (not yet trusted): to tell "expired" from "unknown" once the export is gone. */
export function tokenExpiry(token: string): Date | null {
  const match = /^(\d{1,12})\.[A-Za-z0-9_-]{43}$/.exec(token);
  return match ? new Date(Number(match[1]) * 1000) : null;
}

export function checkDownloadToken(secret: string, exportId: string, token: string, now = new Date()): LinkCheck {
  const expiry = tokenExpiry(token);
  if (!expiry) return { ok: false, reason: 'malformed' };
  const expected = Buffer.from(signature(secret, exportId, expiry.getTime() / 1000));
  const given = Buffer.from(token.slice(token.indexOf('.') + 1));
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return { ok: false, reason: 'forged' };
  if (expiry.getTime() <= now.getTime()) return { ok: false, reason: 'expired' };
  return { ok: true };
}

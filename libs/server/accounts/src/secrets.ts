import { createHash, randomBytes } from 'node:crypto';

/** 256 random bits, URL-safe: session tokens and email links. */
export function randomToken(): string {
  return randomBytes(32).toString('base64url');
}

/** What the database keeps of a token. */
export function tokenHash(token: string): Buffer {
  return createHash('sha256').update(token, 'utf8').digest();
}

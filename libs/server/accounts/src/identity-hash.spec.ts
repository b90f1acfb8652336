import { describe, expect, it } from 'vitest';
import { foldName, franceConnectIdentityHash, identityHash } from './identity-hash.js';

describe('identity hash', () => {
  it('folds case, accents, hyphens, apostrophes, spaces and word order', () => {
    expect(foldName("  Jean-Éric   d'AUBÉ ")).toBe('aube d eric jean');
    expect(foldName('Dubois Angela')).toBe(foldName('angela  DUBOIS'));
    expect(foldName('Zoé Lefèvre-Martin')).toBe('lefevre martin zoe');
  });

  it('is an HMAC of the folded name and year: same person same bytes, another key or year other bytes', () => {
    const a = identityHash('secret-1', 'Angela Dubois', 1962);
    expect(a).toHaveLength(32);
    expect(identityHash('secret-1', 'DUBOIS  angela', 1962).equals(a)).toBe(true);
    expect(identityHash('secret-2', 'Angela Dubois', 1962).equals(a)).toBe(false);
    expect(identityHash('secret-1', 'Angela Dubois', 1963).equals(a)).toBe(false);
  });

  it('takes the first given name, the family name and the birth year from FranceConnect', () => {
    const fc = franceConnectIdentityHash('k', { givenName: 'Angela Claire Louise', familyName: 'Dubois', birthdate: '1962-08-24' });
    expect(fc?.equals(identityHash('k', 'Dubois Angela', 1962))).toBe(true);
    expect(franceConnectIdentityHash('k', { givenName: 'Angela', familyName: 'Dubois', birthdate: null })).toBeNull();
    expect(franceConnectIdentityHash('k', { givenName: '', familyName: 'Dubois', birthdate: '1962-08-24' })).toBeNull();
  });
});

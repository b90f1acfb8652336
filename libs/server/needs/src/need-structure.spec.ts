import { describe, expect, it } from 'vitest';
import type { FieldError } from '@pit/core';
import { checkPhotos, checkStructure, checkWithdrawalReason } from './need-structure.js';
import { decodeCursor, encodeCursor } from './needs.service.js';

describe('structured fields of a need', () => {
  it('lower-cases and deduplicates known keys; kind defaults to besoin', () => {
    const errors: FieldError[] = [];
    expect(checkStructure({ affectedGroups: ['SENIORS', 'seniors', 'FAMILIES'], frequency: 'DAILY', peopleRange: null }, errors)).toEqual({
      kind: 'need', affectedGroups: ['seniors', 'families'], frequency: 'daily', peopleRange: null, address: null,
    });
    expect(errors).toEqual([]);
  });

  it('names each unknown value', () => {
    const errors: FieldError[] = [];
    checkStructure({ kind: 'wish', affectedGroups: ['martians'], frequency: 'hourly', peopleRange: 'millions', address: { label: ' ', citycode: '49007', lat: 1, lon: 2 } }, errors);
    expect(errors.map((e) => e.field)).toEqual(['kind', 'affectedGroups', 'frequency', 'peopleRange', 'address']);
  });

  it('asks for an alt text per photo, 3 photos at most', () => {
    const errors: FieldError[] = [];
    expect(checkPhotos([{ token: ' t1 ', alt: '  Un   trottoir ' }, { token: 't2', alt: '' }], errors)).toEqual([
      { token: 't1', alt: 'Un trottoir' },
      { token: 't2', alt: '' },
    ]);
    expect(errors).toEqual([{ field: 'photo2Alt', message: 'Décrivez la photo 2 en quelques mots (pour les personnes qui ne la voient pas).' }]);
    const many: FieldError[] = [];
    expect(checkPhotos([1, 2, 3, 4].map((i) => ({ token: `t${i}`, alt: 'Une photo' })), many)).toEqual([]);
    expect(many).toEqual([{ field: 'photos', message: 'Vous pouvez joindre 3 photos au plus.' }]);
  });

  it('bounds the withdrawal reason', () => {
    const errors: FieldError[] = [];
    expect(checkWithdrawalReason('  Réparé.  ', errors)).toBe('Réparé.');
    expect(checkWithdrawalReason('', errors)).toBeNull();
    checkWithdrawalReason('x'.repeat(501), errors);
    expect(errors).toEqual([{ field: 'reason', message: 'La raison doit compter 500 caractères au plus.' }]);
  });
});

describe('list cursors', () => {
  const id = '0ca79c8b-ac94-4d77-9d9a-af23e8213779';
  it('round-trip for each sort, and refuse a cursor made for another sort', () => {
    const newest = encodeCursor({ sort: 'newest', key: '2026-01-01T10:00:00.000000Z', id });
    expect(decodeCursor(newest, 'newest')).toEqual({ sort: 'newest', key: '2026-01-01T10:00:00.000000Z', id });
    const supported = encodeCursor({ sort: 'most_supported', key: '42', id });
    expect(decodeCursor(supported, 'most_supported')).toEqual({ sort: 'most_supported', key: '42', id });
    expect(() => decodeCursor(newest, 'most_supported')).toThrow("Ce curseur de pagination n'est pas valide : repartez de la première page.");
    expect(() => decodeCursor('n-importe-quoi', 'newest')).toThrow(/curseur/);
  });
});

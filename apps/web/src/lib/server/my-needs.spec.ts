import { describe, expect, it } from 'vitest';
import { addMyNeed, parseMyNeeds } from './my-needs';

const token = (n: number) => `token-${String(n).padStart(12, '0')}`;
const ALPHABET = '23456789ABCDEFGHJKMNPQRSTVWXYZ';
const reference = (n: number) => `B-2222${ALPHABET[Math.floor(n / ALPHABET.length)]}${ALPHABET[n % ALPHABET.length]}`;

describe('needs remembered in this browser', () => {
  it('keeps well-formed entries only', () => {
    expect(parseMyNeeds(JSON.stringify({ 'B-7K3M9Q': token(1), nope: token(2), 'B-222222': 'short', 'B-333333': 3 }))).toEqual({ 'B-7K3M9Q': token(1) });
    expect(parseMyNeeds('not json')).toEqual({});
    expect(parseMyNeeds('[1,2]')).toEqual({});
    expect(parseMyNeeds(undefined)).toEqual({});
  });

  it('keeps the last 20, the newest last', () => {
    let map: Record<string, string> = {};
    for (let i = 0; i < 25; i++) map = addMyNeed(map, reference(i), token(i));
    const keys = Object.keys(map);
    expect(keys).toHaveLength(20);
    expect(keys[0]).toBe(reference(5));
    expect(map[keys.at(-1)!]).toBe(token(24));
  });

  it('moves a need submitted again to the end', () => {
    const map = addMyNeed(addMyNeed({ 'B-222222': token(1) }, 'B-333333', token(2)), 'B-222222', token(3));
    expect(Object.entries(map)).toEqual([
      ['B-333333', token(2)],
      ['B-222222', token(3)],
    ]);
  });
});

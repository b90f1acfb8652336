import { describe, expect, it } from 'vitest';
import { normalizeReference, referenceFromBytes, REFERENCE_PATTERN } from './reference.js';

describe('public reference', () => {
  it('builds references from the unambiguous alphabet only', () => {
    const bytes = [0, 1, 2, 3, 4, 5];
    expect(referenceFromBytes(() => bytes.shift()!)).toBe('B-234567');
  });

  it('skips bytes that would bias the draw', () => {
    const bytes = [255, 250, 0, 0, 0, 0, 0, 0];
    expect(referenceFromBytes(() => bytes.shift()!)).toBe('B-222222');
  });

  it('never produces ambiguous characters', () => {
    let seed = 7;
    for (let i = 0; i < 500; i++) {
      const ref = referenceFromBytes(() => (seed = (seed * 1103515245 + 12345) % 2 ** 31) & 0xff);
      expect(ref).toMatch(REFERENCE_PATTERN);
      expect(ref.slice(2)).not.toMatch(/[01OIL]/);
    }
  });

  it('normalizes what people type', () => {
    expect(normalizeReference('b-7k3m9q')).toBe('B-7K3M9Q');
    expect(normalizeReference(' B 7K3M9Q ')).toBe('B-7K3M9Q');
    expect(normalizeReference('7K3M9Q')).toBe('B-7K3M9Q');
    expect(normalizeReference('B-7K3M9')).toBeNull();
    expect(normalizeReference('B-OOOOOO')).toBeNull();
  });
});

import { describe, expect, it } from 'vitest';
import { formatPhone, normalizePhone } from './mandate.js';

describe('normalizePhone', () => {
  it('reduces French numbers written any usual way to their 10 digits', () => {
    expect(['06 12 34 56 78', '06.12.34.56.78', '06-12-34-56-78', '+33 6 12 34 56 78', '0033612345678', '(06) 12 34 56 78'].map(normalizePhone)).toEqual(Array(6).fill('0612345678'));
  });

  it('refuses what is not a French number', () => {
    expect(['', '12 34', '00 12 34 56 78', '06 12 34 56 7', '06 12 34 56 789', 'zéro six', '+44 20 7946 0958'].map(normalizePhone)).toEqual(Array(7).fill(null));
  });

  it('formats 10 digits in pairs', () => {
    expect(formatPhone('0241000000')).toBe('02 41 00 00 00');
  });
});

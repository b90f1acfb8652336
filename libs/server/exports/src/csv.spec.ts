import { describe, expect, it } from 'vitest';
import { csvRows, safeCell } from './csv.js';

describe('CSV rows', () => {
  it('follows RFC 4180: CRLF, quoting of commas, quotes and line breaks only', () => {
    expect(csvRows([
      ['Référence', 'Titre', 'Soutiens'],
      ['B-2026-00001', 'Un banc, près de l’école', 12],
      ['B-2026-00002', 'Le "grand" parc\nde Trélazé', 0],
      ['B-2026-00003', null, true],
    ])).toBe('Référence,Titre,Soutiens\r\nB-2026-00001,"Un banc, près de l’école",12\r\nB-2026-00002,"Le ""grand"" parc\nde Trélazé",0\r\nB-2026-00003,,oui\r\n');
    expect(csvRows([])).toBe('');
  });

  it('defuses cells a spreadsheet would run as formulas', () => {
    expect(safeCell('=HYPERLINK("http://x")')).toBe(`'=HYPERLINK("http://x")`);
    expect(safeCell('-2')).toBe(`'-2`);
    expect(safeCell('Un titre')).toBe('Un titre');
    expect(csvRows([[safeCell('@SUM(A1)')]])).toBe(`'@SUM(A1)\r\n`);
  });
});

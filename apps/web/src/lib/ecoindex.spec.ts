import { describe, expect, it } from 'vitest';
import { ECOINDEX_QUANTILES, ecoIndex, ecoIndexGrade, ecoIndexQuantile, ecoIndexScore } from './ecoindex';

// Literal examples published with the reference implementation (cnumr/ecoindex_python, tests/compute/test_ecoindex.py).
describe('EcoIndex', () => {
  it('places a figure among the quantiles', () => {
    expect(ecoIndexQuantile(ECOINDEX_QUANTILES.sizeKb, 2500)).toBeCloseTo(14.086372025739513, 12);
    expect(ecoIndexQuantile(ECOINDEX_QUANTILES.dom, 150)).toBeCloseTo(2.892857142857143, 12);
    expect(ecoIndexQuantile(ECOINDEX_QUANTILES.requests, 23)).toBeCloseTo(2.8, 12);
    expect(ecoIndexQuantile(ECOINDEX_QUANTILES.sizeKb, 310182.902)).toBe(20);
    expect(ecoIndexQuantile(ECOINDEX_QUANTILES.requests, 0)).toBe(0);
  });

  it('computes the published scores', () => {
    const cases: Array<[dom: number, requests: number, sizeKb: number, score: number]> = [
      [100, 100, 100, 72],
      [100, 100, 1000, 67],
      [100, 100, 10000, 58],
      [200, 200, 10000, 46],
      [2355, 267, 2493, 10],
      [240, 20, 331, 83],
      [2240, 100, 310182.902, 16],
    ];
    for (const [dom, requests, sizeKb, score] of cases) expect(ecoIndexScore({ dom, requests, sizeKb }), `${dom}/${requests}/${sizeKb}`).toBe(score);
  });

  it('grades strictly above each bound', () => {
    expect(ecoIndexGrade(100)).toBe('A');
    expect(ecoIndexGrade(80)).toBe('B');
    expect(ecoIndexGrade(72)).toBe('B');
    expect(ecoIndexGrade(50.2)).toBe('D');
    expect(ecoIndexGrade(25)).toBe('F');
    expect(ecoIndexGrade(16)).toBe('F');
    expect(ecoIndexGrade(10)).toBe('G');
    expect(ecoIndexGrade(2)).toBe('G');
  });

  it('takes bytes as the page-budget test measures them', () => {
    expect(ecoIndex({ bytes: 100 * 1024, requests: 100, domElements: 100 })).toEqual({ score: 72, grade: 'B' });
    expect(ecoIndex({ bytes: 2493 * 1024, requests: 267, domElements: 2355 })).toEqual({ score: 10, grade: 'G' });
  });
});

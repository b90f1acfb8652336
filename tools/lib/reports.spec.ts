import { describe, expect, it } from 'vitest';
import { closingLine, countPlaywright, countVitest, sumResults, tierResult } from './reports.mjs';

describe('countVitest', () => {
  it('counts passed, failed, skipped and todo', () => {
    const report = {
      numTotalTests: 10,
      numPassedTests: 6,
      numFailedTests: 1,
      numPendingTests: 2,
      numTodoTests: 1,
      testResults: [{ status: 'failed', assertionResults: [{ status: 'failed' }, { status: 'passed' }] }],
    };
    expect(countVitest(report)).toEqual({ passed: 6, failed: 1, skipped: 3, total: 10 });
  });

  it('counts a file that failed to load as one failure', () => {
    const report = {
      numTotalTests: 2,
      numPassedTests: 2,
      numFailedTests: 0,
      testResults: [
        { status: 'passed', assertionResults: [{ status: 'passed' }, { status: 'passed' }] },
        { status: 'failed', assertionResults: [] },
      ],
    };
    expect(countVitest(report)?.failed).toBe(1);
  });

  it('returns null without a report', () => {
    expect(countVitest(null)).toBeNull();
  });
});

describe('countPlaywright', () => {
  it('counts flaky as passed and unexpected as failed', () => {
    expect(countPlaywright({ stats: { expected: 5, unexpected: 2, flaky: 1, skipped: 3 }, errors: [] })).toEqual({
      passed: 6,
      failed: 2,
      skipped: 3,
      total: 11,
    });
  });

  it('counts global errors (web server did not start) as failures', () => {
    expect(countPlaywright({ stats: { expected: 0, unexpected: 0, flaky: 0, skipped: 0 }, errors: [{ message: 'Timed out' }] })?.failed).toBe(1);
  });
});

describe('tierResult', () => {
  it('is ok when the runner exits 0 with passing tests', () => {
    expect(tierResult('unit', { exitCode: 0, counts: { passed: 3, failed: 0, skipped: 1, total: 4 } })).toMatchObject({
      ok: true,
      passed: 3,
      failed: 0,
      skipped: 1,
    });
  });

  it('never reads a crash as success', () => {
    expect(tierResult('integration', { exitCode: 1, counts: null })).toMatchObject({ ok: false, failed: 1 });
    expect(tierResult('integration', { exitCode: 1, counts: { passed: 4, failed: 0, skipped: 0, total: 4 } })).toMatchObject({
      ok: false,
      passed: 4,
      failed: 1,
    });
  });

  it('treats a run with no test as a failure', () => {
    expect(tierResult('unit', { exitCode: 0, counts: { passed: 0, failed: 0, skipped: 2, total: 2 } }).ok).toBe(false);
  });
});

describe('closing line', () => {
  it('sums tiers and prints the plain closing line', () => {
    const total = sumResults([
      { passed: 3, failed: 1, skipped: 0 },
      { passed: 2, failed: 0, skipped: 4 },
    ] as never);
    expect(closingLine(total)).toBe('5 passed, 1 failed, 4 skipped');
    expect(closingLine(total)).toMatch(/^\d+ passed, \d+ failed(, \d+ skipped)?$/);
  });
});

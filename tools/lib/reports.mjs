// Counting tests from the JSON reports of vitest and Playwright.

/** Pure: counts from a vitest JSON report (jest-compatible shape). */
export function countVitest(report) {
  if (!report || typeof report !== 'object') return null;
  let failed = report.numFailedTests ?? 0;
  // A file that fails to load (syntax error, failing hook) fails with no failed test in it: count it once.
  for (const file of report.testResults ?? []) {
    const assertions = file.assertionResults ?? [];
    if (file.status === 'failed' && !assertions.some((a) => a.status === 'failed')) failed++;
  }
  return {
    passed: report.numPassedTests ?? 0,
    failed,
    skipped: (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0),
    total: report.numTotalTests ?? 0,
  };
}

/** Pure: counts from a Playwright JSON report. Flaky tests passed on retry: counted as passed. */
export function countPlaywright(report) {
  if (!report || typeof report !== 'object' || !report.stats) return null;
  const s = report.stats;
  let failed = s.unexpected ?? 0;
  // Global errors (webServer did not start, config error) fail the run without failing a test.
  if (failed === 0 && Array.isArray(report.errors) && report.errors.length) failed = report.errors.length;
  const passed = (s.expected ?? 0) + (s.flaky ?? 0);
  return { passed, failed, skipped: s.skipped ?? 0, total: passed + (s.unexpected ?? 0) + (s.skipped ?? 0) };
}

/**
 * Pure: the result of one tier from its exit code and counts (null when no report was written).
 * A tier that exits non-zero without any failed test still counts one failure, so that a crash
 * never reads as success; a tier that ran no test at all is a failure too.
 */
export function tierResult(tier, { exitCode, counts }) {
  const c = counts ?? { passed: 0, failed: 0, skipped: 0, total: 0 };
  let { passed, failed, skipped } = c;
  const notes = [];
  if (!counts) notes.push('no report was written');
  if (exitCode !== 0 && failed === 0) {
    failed = 1;
    notes.push(`exited with code ${exitCode} without a failed test`);
  }
  if (exitCode === 0 && passed + failed === 0) {
    failed = 1;
    notes.push('ran no test');
  }
  return { tier, ran: true, ok: exitCode === 0 && failed === 0, passed, failed, skipped, notes };
}

/** Pure: sums tier results. */
export function sumResults(results) {
  return results.reduce(
    (acc, r) => ({ passed: acc.passed + r.passed, failed: acc.failed + r.failed, skipped: acc.skipped + r.skipped }),
    { passed: 0, failed: 0, skipped: 0 },
  );
}

/** Pure: the closing line, e.g. "12 passed, 0 failed, 1 skipped". */
export function closingLine({ passed, failed, skipped }) {
  return `${passed} passed, ${failed} failed, ${skipped} skipped`;
}

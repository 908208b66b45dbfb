// Adds up the jest JSON reports of every project and tier and prints the closing line CI reads:
// "N passed, N failed". Exits non-zero when anything failed or when no test ran at all.
const fs = require('node:fs');
const path = require('node:path');

const dir = process.argv[2] ?? 'tmp/test-results';
const files = fs.existsSync(dir) ? fs.readdirSync(dir).filter((f) => f.endsWith('.json')) : [];
const totals = { passed: 0, failed: 0, skipped: 0 };
const perTier = {};
for (const file of files.sort()) {
  const report = JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8'));
  const tier = file.split('.').slice(-2, -1)[0];
  perTier[tier] ??= { passed: 0, failed: 0 };
  perTier[tier].passed += report.numPassedTests;
  perTier[tier].failed += report.numFailedTests;
  totals.passed += report.numPassedTests;
  // A suite that crashes before its tests (syntax error, server unreachable in beforeAll) counts
  // as a failure even though it reports no failed test.
  totals.failed += report.numFailedTests + report.numRuntimeErrorTestSuites;
  perTier[tier].failed += report.numRuntimeErrorTestSuites;
  totals.skipped += report.numPendingTests + report.numTodoTests;
}
for (const [tier, t] of Object.entries(perTier))
  console.log(`${tier}: ${t.passed} passed, ${t.failed} failed`);
console.log(
  `${totals.passed} passed, ${totals.failed} failed` +
    (totals.skipped ? `, ${totals.skipped} skipped` : ''),
);
process.exit(totals.failed > 0 || totals.passed === 0 ? 1 : 0);

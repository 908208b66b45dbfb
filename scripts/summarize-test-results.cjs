// Adds up the jest JSON reports of every project and tier and prints the closing line CI reads:
// "N passed, N failed, N skipped". A skipped test (it.skip, describe.skip, todo: e.g. the KurrentDB
// contract suite without a server) is counted as skipped, never as passed. Exits non-zero when
// anything failed or when no test passed at all.
const fs = require('node:fs');
const path = require('node:path');

const dir = process.argv[2] ?? 'tmp/test-results';
const files = fs.existsSync(dir) ? fs.readdirSync(dir).filter((f) => f.endsWith('.json')) : [];
const line = (t) => `${t.passed} passed, ${t.failed} failed, ${t.skipped} skipped`;
const totals = { passed: 0, failed: 0, skipped: 0 };
const perTier = {};
for (const file of files.sort()) {
  const report = JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8'));
  const tier = file.split('.').slice(-2, -1)[0];
  const counts = {
    passed: report.numPassedTests,
    // A suite that crashes before its tests (syntax error, server unreachable in beforeAll) counts
    // as a failure even though it reports no failed test.
    failed: report.numFailedTests + report.numRuntimeErrorTestSuites,
    skipped: report.numPendingTests + report.numTodoTests,
  };
  perTier[tier] ??= { passed: 0, failed: 0, skipped: 0 };
  for (const key of Object.keys(totals)) {
    perTier[tier][key] += counts[key];
    totals[key] += counts[key];
  }
}
for (const [tier, t] of Object.entries(perTier)) console.log(`${tier}: ${line(t)}`);
console.log(line(totals));
process.exit(totals.failed > 0 || totals.passed === 0 ? 1 : 0);

// Unit tests of the console's pure logic (navigation per role, i18n resources, formatting) run in
// Node like every other project; the browser tier is console/test/*.e2e.spec.ts (Playwright).
module.exports = { ...require('../jest.preset.cjs'), displayName: 'console', rootDir: __dirname };

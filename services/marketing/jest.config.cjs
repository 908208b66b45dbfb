// NestJS is ESM-only: jest loads it through require(esm), which needs NODE_OPTIONS=--experimental-vm-modules
// (set for every test target in nx.json target defaults).
module.exports = {
  ...require('../../jest.preset.cjs'),
  displayName: 'marketing',
  rootDir: __dirname,
};

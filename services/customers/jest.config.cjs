// NestJS 12 is ESM-only: jest loads it through require(esm), which needs NODE_OPTIONS=--experimental-vm-modules
// (set by this project's test targets in project.json).
module.exports = { ...require('../../jest.preset.cjs'), displayName: 'customers', rootDir: __dirname };

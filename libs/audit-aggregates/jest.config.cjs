module.exports = {
  ...require('../../jest.preset.cjs'),
  displayName: 'audit-aggregates',
  rootDir: __dirname,
};

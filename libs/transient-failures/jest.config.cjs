module.exports = {
  ...require('../../jest.preset.cjs'),
  displayName: 'transient-failures',
  rootDir: __dirname,
};

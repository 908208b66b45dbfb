module.exports = {
  ...require('../../../jest.preset.cjs'),
  displayName: 'sales-read-models',
  rootDir: __dirname,
};

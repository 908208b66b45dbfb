module.exports = {
  ...require('../../../jest.preset.cjs'),
  displayName: 'customers-read-models',
  rootDir: __dirname,
};

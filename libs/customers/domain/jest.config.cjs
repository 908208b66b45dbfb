module.exports = {
  ...require('../../../jest.preset.cjs'),
  displayName: 'customers-domain',
  rootDir: __dirname,
};

module.exports = {
  ...require('../../../jest.preset.cjs'),
  displayName: 'sales-domain',
  rootDir: __dirname,
};

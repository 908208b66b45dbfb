module.exports = {
  ...require('../../../jest.preset.cjs'),
  displayName: 'loyalty-domain',
  rootDir: __dirname,
};

module.exports = {
  ...require('../../../jest.preset.cjs'),
  displayName: 'marketing-domain',
  rootDir: __dirname,
};

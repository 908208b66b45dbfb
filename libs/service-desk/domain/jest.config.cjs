module.exports = {
  ...require('../../../jest.preset.cjs'),
  displayName: 'service-desk-domain',
  rootDir: __dirname,
};

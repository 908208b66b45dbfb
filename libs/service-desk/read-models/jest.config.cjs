module.exports = {
  ...require('../../../jest.preset.cjs'),
  displayName: 'service-desk-read-models',
  rootDir: __dirname,
};

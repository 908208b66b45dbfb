module.exports = {
  ...require('../../../jest.preset.cjs'),
  displayName: 'marketing-read-models',
  rootDir: __dirname,
};

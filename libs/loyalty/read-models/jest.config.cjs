module.exports = {
  ...require('../../../jest.preset.cjs'),
  displayName: 'loyalty-read-models',
  rootDir: __dirname,
};

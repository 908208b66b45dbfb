module.exports = {
  ...require('../../jest.preset.cjs'),
  displayName: 'backup',
  rootDir: __dirname,
};

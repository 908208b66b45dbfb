module.exports = {
  ...require('../../jest.preset.cjs'),
  displayName: 'reactors',
  rootDir: __dirname,
};

module.exports = {
  ...require('../../jest.preset.cjs'),
  displayName: 'access-policy',
  rootDir: __dirname,
};

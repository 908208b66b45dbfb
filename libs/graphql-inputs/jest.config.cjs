module.exports = {
  ...require('../../jest.preset.cjs'),
  displayName: 'graphql-inputs',
  rootDir: __dirname,
};

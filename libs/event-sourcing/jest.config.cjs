module.exports = {
  ...require('../../jest.preset.cjs'),
  displayName: 'event-sourcing',
  rootDir: __dirname,
};

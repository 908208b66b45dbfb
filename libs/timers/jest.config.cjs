module.exports = {
  ...require('../../jest.preset.cjs'),
  displayName: 'timers',
  rootDir: __dirname,
};

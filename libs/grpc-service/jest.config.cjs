module.exports = {
  ...require('../../jest.preset.cjs'),
  displayName: 'grpc-service',
  rootDir: __dirname,
};

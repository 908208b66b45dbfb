// Test code shared by the context services' int specs: the gRPC client with minted service
// tokens, reads of the service's database, and a clock the test moves.
export * from './grpc-test-client';
export * from './service-database';
export * from './test-clock';
export * from './caller-refusals';

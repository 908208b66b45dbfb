// The gRPC plumbing every context service shares: the verified caller (guard and binding), the
// typed error trailer, and the gRPC/HTTP health of the service.
export * from './error-detail';
export * from './service-caller';
export * from './grpc-service-health';
export * from './grpc-code-name';
export * from './service-main';
export * from './start-grpc-service';
export * from './observe-served-rpc';

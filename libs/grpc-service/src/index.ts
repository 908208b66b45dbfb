// The gRPC plumbing every context service shares: the verified caller (guard and binding), the
// typed error trailer, and the gRPC/HTTP health of the service.
export * from './error-detail';
export * from './service-caller';
export * from './grpc-service-health';
export * from './grpc-code-name';
// The process entry moved to @crm/messaging (the relay and the workers use it too); re-exported
// here so a context service's main.ts imports all its plumbing from one place.
export { runServiceMain, serviceMain, type ServiceMain } from '@crm/messaging';
export * from './start-grpc-service';
export * from './observe-served-rpc';
export * from './command-execution';
export * from './serve-rpc';
export * from './context-service-config';
export * from './request-context';

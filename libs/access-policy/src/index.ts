// Roles, principals, the record-scope and per-RPC role rules, and service call tokens: the one
// access policy used by the gateway and by every service (docs/security.md).
export * from './role';
export * from './principal';
export * from './customer-access.policy';
export * from './customers-rpc-roles';
export * from './sales-rpc-roles';
export * from './service-desk-rpc-roles';
export * from './loyalty-rpc-roles';
export * from './service-token';
export * from './system-identity';
export * from './marketing-rpc-roles';

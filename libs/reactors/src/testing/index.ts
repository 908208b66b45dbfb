// Test helpers of the reactors library (import from '@crm/reactors/testing' in tests only).
export * from './kill-after-command';

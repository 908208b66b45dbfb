// Test helpers of the contracts library (import from '@crm/contracts/testing' in specs only).
export * from './sample-contracts';

// Test helpers of the read-models library (import from '@crm/read-models/testing' in specs only).
export * from './counter-totals.projection';
export * from './read-model-snapshot';
export * from './running-projection';
export * from './apply-in-batches';

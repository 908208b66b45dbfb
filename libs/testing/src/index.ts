// Test helpers shared by every project: infrastructure access, given/when/then specs, polling probes.
export * from './decider-spec';
export * from './eventually';
export * from './infra';
export * from './multipart-csv-body';
export * from './manual-clock';

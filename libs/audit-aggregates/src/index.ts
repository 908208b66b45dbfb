// The deciders auditors can fold "as of T" (CLI and GraphQL), by stream category: pure code only.
export * from './foldable-aggregates';

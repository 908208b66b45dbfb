// Reports and dashboards over the read models (docs/reports.md): declared datasets, the report
// definition and its validation, the engine that applies record scope and reports freshness, the
// standard packs, and CSV/XLSX export.
export * from './datasets/dataset';
export * from './datasets/catalogue';
export * from './definition/report-definition';
export * from './engine/aggregate-report';
export * from './engine/report-pipeline';
export * from './engine/report-scope';
export * from './engine/report-engine';
export * from './engine/report-result-cache';
export * from './engine/server-grouping';
export * from './rollups/report-rollups';
export * from './datasets/server-expressions';
export * from './packs/standard-packs';
export * from './export/report-export';
export * from './reconciliation/read-model-reconciliation';
export * from './alerts/threshold-rules';
export * from './alerts/report-alerts';
export * from './alerts/report-check-timers';
export * from './currency/exchange-rates';
export * from './currency/exchange-rate-book';
export * from './currency/target-currency';

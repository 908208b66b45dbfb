// Reports context contracts: threshold rules and the alerts of the scheduled report checks.
export * from './reports.contracts';

// Marketing context contracts: event schemas (no personal data in them).
export * from './marketing.contracts';
export * from './marketing-journeys.contracts';
export * from './marketing-bounces.contracts';

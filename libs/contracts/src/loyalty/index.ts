// Loyalty context contracts: event schemas of the program and the member points ledger.
export * from './loyalty.contracts';

// Sales context contracts: event schemas of orders (the Sales service itself comes later).
export * from './sales.contracts';

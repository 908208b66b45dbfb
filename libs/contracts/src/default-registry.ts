// The registry of every published context, built once (building compiles every schema).
import { ContractRegistry } from './contract-registry';
import { PUBLISHED_CONTEXTS } from './contexts';

let registry: ContractRegistry | undefined;

export function platformContracts(): ContractRegistry {
  registry ??= new ContractRegistry(PUBLISHED_CONTEXTS);
  return registry;
}

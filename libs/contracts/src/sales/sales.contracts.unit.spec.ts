import { ContractRegistry } from '../contract-registry';
import { ContractValidator } from '../contract-validator';
import { sampleEnvelope } from '../testing/sample-contracts';
import { salesContracts } from './sales.contracts';

describe('sales contracts', () => {
  const registry = new ContractRegistry([salesContracts]);
  const validator = new ContractValidator(registry);
  const placed = (data: Record<string, unknown>): unknown =>
    sampleEnvelope({
      type: 'sales.OrderPlaced',
      schemaVersion: 1,
      streamId: 'sales.Order-1',
      data,
    });
  const example = salesContracts.events[0]!.examples![0] as Record<string, unknown>;

  it('compile, with examples that match their schemas', () => {
    expect(registry.eventTypes()).toEqual(
      expect.arrayContaining(['sales.OrderCancelled', 'sales.OrderPlaced', 'sales.OrderRefunded']),
    );
    for (const contract of salesContracts.events) {
      for (const example of contract.examples ?? []) {
        const envelope = sampleEnvelope({
          type: contract.type,
          schemaVersion: contract.schemaVersion,
          streamId: 'sales.X-1',
          data: example,
        });
        expect([contract.type, validator.check(envelope)]).toEqual([contract.type, undefined]);
      }
    }
  });

  it('reject an order without lines or with a total that is not a two-digit decimal', () => {
    expect(validator.check(placed({ ...example, items: [] }))).toMatchObject({
      reason: 'invalid_message',
    });
    expect(validator.check(placed({ ...example, amount: 129.9 }))).toMatchObject({
      reason: 'invalid_message',
    });
    expect(validator.check(placed(example))).toBeUndefined();
  });
});

import { ContractRegistry } from '../contract-registry';
import { ContractValidator } from '../contract-validator';
import { sampleEnvelope } from '../testing/sample-contracts';
import { loyaltyContracts } from './loyalty.contracts';

describe('loyalty contracts', () => {
  const registry = new ContractRegistry([loyaltyContracts]);
  const validator = new ContractValidator(registry);

  it('compile, with examples that match their schemas', () => {
    for (const contract of loyaltyContracts.events) {
      for (const data of contract.examples ?? []) {
        const envelope = sampleEnvelope({
          type: contract.type,
          schemaVersion: contract.schemaVersion,
          streamId: 'loyalty.Member-1',
          data,
        });
        expect([contract.type, validator.check(envelope)]).toEqual([contract.type, undefined]);
      }
    }
  });

  it('refuse fractional or negative points', () => {
    const earned = loyaltyContracts.events.find((c) => c.type === 'loyalty.PointsEarned')!;
    const example = earned.examples![0] as Record<string, unknown>;
    for (const redeemablePoints of [1.5, -1]) {
      const envelope = sampleEnvelope({
        type: earned.type,
        schemaVersion: 1,
        streamId: 'loyalty.Member-1',
        data: { ...example, redeemablePoints },
      });
      expect(validator.check(envelope)).toMatchObject({ reason: 'invalid_message' });
    }
  });
});

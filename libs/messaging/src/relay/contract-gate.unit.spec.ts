import { ContractRegistry, ContractValidator } from '@crm/contracts';
import { sampleContracts, sampleEnvelope } from '@crm/contracts/testing';
import type { EventEnvelope } from '@crm/event-sourcing';
import type { Logger } from '../logger';
import { ContractGate, ContractViolationError } from './contract-gate';

const validator = new ContractValidator(new ContractRegistry([sampleContracts]));
const good = sampleEnvelope() as unknown as EventEnvelope;
const bad = sampleEnvelope({
  eventId: '0190c1d2-0000-7000-8000-000000000009',
  globalPosition: 9,
  data: { counterId: 'x' },
}) as unknown as EventEnvelope;
const unknownType = sampleEnvelope({ type: 'sample.Nope' }) as unknown as EventEnvelope;

function recordingLogger(): Logger & { warnings: string[] } {
  const warnings: string[] = [];
  const noop = (): void => undefined;
  return {
    warnings,
    debug: noop,
    info: noop,
    error: noop,
    warn: (_f, m) => void warnings.push(m ?? ''),
  };
}

describe('ContractGate', () => {
  it('enforce: stops at the first event that breaks its contract, naming it', () => {
    const gate = new ContractGate('enforce', validator, recordingLogger());
    expect(() => gate.check([good])).not.toThrow();
    expect(() => gate.check([good, bad])).toThrow(ContractViolationError);
    expect(() => gate.check([bad])).toThrow(
      /sample\.CounterIncremented v2 \(event 0190c1d2-0000-7000-8000-000000000009\) breaks its contract/,
    );
    expect(() => gate.check([unknownType])).toThrow(/missing_contract/);
  });

  it('warn: publishes anyway, logs each kind of violation once and counts all', () => {
    const logger = recordingLogger();
    const gate = new ContractGate('warn', validator, logger);
    gate.check([bad, bad, unknownType, good, bad]);
    expect(gate.violations).toBe(4);
    expect(logger.warnings).toHaveLength(2);
  });

  it('a type already checked still gets the precise verdict for a broken envelope or payload', () => {
    // Valid events of the type first, so its compiled schema serves the next ones.
    const gate = new ContractGate('enforce', validator, recordingLogger());
    gate.check([good, good]);
    const noTenant = { ...good, tenantId: undefined } as unknown as EventEnvelope;
    expect(validator.check(noTenant)).toMatchObject({ reason: 'invalid_envelope' });
    expect(validator.check(bad)).toMatchObject({
      reason: 'invalid_message',
      eventId: '0190c1d2-0000-7000-8000-000000000009',
    });
    expect(() => gate.check([good, noTenant])).toThrow(/invalid_envelope/);
    expect(validator.check(good)).toBeUndefined();
  });

  it('off: checks nothing', () => {
    expect(() => new ContractGate('off', undefined, recordingLogger()).check([bad])).not.toThrow();
  });
});

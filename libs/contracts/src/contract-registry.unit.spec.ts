import { ContractRegistry } from './contract-registry';
import { ContractValidator } from './contract-validator';
import { InvalidContractError, MissingContractError } from './contract-errors';
import { platformContracts } from './default-registry';
import type { ContextContracts } from './event-contract';
import { sampleContracts, sampleEnvelope } from './testing/sample-contracts';

const counterV1 = sampleContracts.events[0]!;
const withEvents = (events: ContextContracts['events'], context = 'sample'): ContextContracts[] => [
  { context, description: 'd', events },
];

describe('ContractRegistry', () => {
  const registry = new ContractRegistry([sampleContracts]);

  it('serves the full message schema of a type and version', () => {
    const schema = registry.schemaFor('sample.CounterIncremented', 2) as {
      properties: Record<string, unknown>;
      required: string[];
    };
    expect(schema.properties.type).toEqual({ const: 'sample.CounterIncremented' });
    expect(schema.properties.schemaVersion).toEqual({ const: 2 });
    expect(schema.properties.data).toEqual(sampleContracts.events[1]!.dataSchema);
    expect(schema.required).toContain('globalPosition');
  });

  it('names the missing type and version, and where to add it', () => {
    expect(() => registry.schemaFor('sample.CounterIncremented', 3)).toThrow(MissingContractError);
    expect(() => registry.schemaFor('sample.Nope', 1)).toThrow(
      /sample\.Nope v1.*libs\/contracts\/src\/<context>/,
    );
    expect(
      registry.missing([
        { type: 'sample.NoteWritten', schemaVersion: 1 },
        { type: 'sample.Gone', schemaVersion: 1 },
      ]),
    ).toEqual(['sample.Gone v1']);
  });

  it('lists types and latest versions', () => {
    expect(registry.eventTypes()).toEqual(['sample.CounterIncremented', 'sample.NoteWritten']);
    expect(registry.latestVersion('sample.CounterIncremented')).toBe(2);
  });

  it.each<[string, ContextContracts[], RegExp]>([
    ['a type declared in the wrong context', withEvents([counterV1], 'other'), /belongs to sample/],
    ['a duplicate', withEvents([counterV1, counterV1]), /declared twice/],
    [
      'a gap between versions',
      withEvents([{ ...counterV1, schemaVersion: 2 }]),
      /has v2 but no v1/,
    ],
    [
      'a type that is not <context>.<PastTenseName>',
      withEvents([{ ...counterV1, type: 'sample.counter_incremented' }]),
      /not <context>/,
    ],
    [
      'a schema that does not compile',
      withEvents([{ ...counterV1, dataSchema: { type: 'objekt' } }]),
      /does not compile/,
    ],
    [
      'a schema with an unknown keyword (strict)',
      withEvents([{ ...counterV1, dataSchema: { type: 'object', propertys: {} } }]),
      /does not compile/,
    ],
    [
      'a data schema with its own $id',
      withEvents([{ ...counterV1, dataSchema: { $id: 'x', type: 'object' } }]),
      /must not declare \$id/,
    ],
    [
      'an example that breaks its own schema',
      withEvents([{ ...counterV1, examples: [{ counterId: 1 }] }]),
      /example 0/,
    ],
    [
      'an empty description',
      withEvents([{ ...counterV1, description: ' ' }]),
      /description is empty/,
    ],
  ])('refuses %s', (_name, contexts, message) => {
    expect(() => new ContractRegistry(contexts)).toThrow(InvalidContractError);
    expect(() => new ContractRegistry(contexts)).toThrow(message);
  });

  it('refuses a context listed twice', () => {
    expect(() => new ContractRegistry([sampleContracts, sampleContracts])).toThrow(/listed twice/);
  });
});

describe('ContractValidator', () => {
  const validator = new ContractValidator(new ContractRegistry([sampleContracts]));

  it('accepts a message that matches its contract', () => {
    expect(validator.check(sampleEnvelope())).toBeUndefined();
    expect(
      validator.check(
        sampleEnvelope({
          type: 'sample.NoteWritten',
          schemaVersion: 1,
          data: { text: 'hi', at: '2026-01-01T10:00:00Z' },
        }),
      ),
    ).toBeUndefined();
  });

  it('reports data that breaks the schema of its version', () => {
    const violation = validator.check(sampleEnvelope({ data: { counterId: 'c-1' } }));
    expect(violation).toMatchObject({
      reason: 'invalid_message',
      type: 'sample.CounterIncremented',
      schemaVersion: 2,
    });
    expect(violation?.details.join()).toMatch(/by/);
    expect(
      validator.check(
        sampleEnvelope({
          type: 'sample.NoteWritten',
          schemaVersion: 1,
          data: { text: 'x', at: 'yesterday' },
        }),
      )?.reason,
    ).toBe('invalid_message');
  });

  it('reports an event type without a contract', () => {
    expect(validator.check(sampleEnvelope({ type: 'sample.Unknown' }))).toMatchObject({
      reason: 'missing_contract',
    });
    expect(validator.check(sampleEnvelope({ schemaVersion: 9 }))).toMatchObject({
      reason: 'missing_contract',
    });
  });

  it('reports a malformed envelope before looking at the contract', () => {
    const { hash: _hash, ...withoutHash } = sampleEnvelope();
    expect(validator.check(withoutHash)).toMatchObject({ reason: 'invalid_envelope' });
    expect(validator.check('not an object')).toMatchObject({ reason: 'invalid_envelope' });
    expect(() => validator.assertValid(withoutHash)).toThrow(/hash/);
  });
});

describe('the platform registry', () => {
  it('builds: every published context has valid, contiguous, compiling contracts', () => {
    expect(() => platformContracts()).not.toThrow();
  });

  it('validates every example of every published contract as a full message', () => {
    const registry = platformContracts();
    const validator = new ContractValidator(registry);
    for (const contract of registry.contracts()) {
      for (const data of contract.examples ?? []) {
        expect(
          validator.check(
            sampleEnvelope({
              type: contract.type,
              schemaVersion: contract.schemaVersion,
              streamId: `${contract.type.split('.')[0]!}.X-1`,
              data,
            }),
          ),
        ).toBeUndefined();
      }
    }
  });
});

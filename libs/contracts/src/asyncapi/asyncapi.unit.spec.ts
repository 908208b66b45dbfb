import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parse } from 'yaml';
import { ContractRegistry } from '../contract-registry';
import { platformContracts } from '../default-registry';
import { sampleContracts } from '../testing/sample-contracts';
import { buildAsyncApiDocument } from './asyncapi-document';
import { ASYNCAPI_PATH, renderAsyncApiYaml } from './asyncapi-yaml';

describe('docs/asyncapi.yaml', () => {
  it('is up to date with the contract registry (run `npx nx run contracts:generate-asyncapi`)', () => {
    const committed = readFileSync(resolve(__dirname, '../../../..', ASYNCAPI_PATH), 'utf8');
    expect(committed).toBe(renderAsyncApiYaml(platformContracts()));
  });
});

/** The value at a JSON-pointer-like path of the parsed document (undefined when absent). */
function at(node: unknown, ...path: string[]): unknown {
  return path.reduce<unknown>(
    (current, key) =>
      current && typeof current === 'object'
        ? (current as Record<string, unknown>)[key]
        : undefined,
    node,
  );
}

describe('buildAsyncApiDocument', () => {
  const doc: unknown = parse(renderAsyncApiYaml(new ContractRegistry([sampleContracts])));

  it('describes one channel per context at crm.<context>.events with every version of every type', () => {
    expect(at(doc, 'asyncapi')).toBe('3.0.0');
    expect(at(doc, 'channels', 'sampleEvents', 'address')).toBe('crm.sample.events');
    expect(Object.keys(at(doc, 'channels', 'sampleEvents', 'messages') as object)).toEqual([
      'sample.CounterIncremented.v1',
      'sample.CounterIncremented.v2',
      'sample.NoteWritten.v1',
    ]);
    expect(at(doc, 'operations', 'consumeSampleEvents', 'action')).toBe('receive');
  });

  it('resolves every $ref inside the document', () => {
    const refs: string[] = [];
    const walk = (node: unknown): void => {
      if (Array.isArray(node)) node.forEach(walk);
      else if (node && typeof node === 'object') {
        for (const [k, v] of Object.entries(node)) {
          if (k === '$ref' && typeof v === 'string') refs.push(v);
          else walk(v);
        }
      }
    };
    walk(doc);
    expect(refs.length).toBeGreaterThan(0);
    for (const ref of refs) {
      const target = at(
        doc,
        ...ref
          .slice(2)
          .split('/')
          .map((part) => part.replace(/~1/g, '/').replace(/~0/g, '~')),
      );
      expect({ ref, found: target !== undefined }).toEqual({ ref, found: true });
    }
  });

  it('gives each message the key, headers and full payload schema', () => {
    expect(
      at(
        doc,
        'components',
        'messages',
        'sample.CounterIncremented.v2',
        'bindings',
        'kafka',
        'key',
        'type',
      ),
    ).toBe('string');
    expect(at(doc, 'components', 'schemas', 'KafkaHeaders', 'required')).toEqual([
      'type',
      'schemaVersion',
      'eventId',
      'tenantId',
      'correlationId',
    ]);
    expect(
      at(
        doc,
        'components',
        'schemas',
        'sample.CounterIncremented.v2',
        'properties',
        'data',
        'required',
      ),
    ).toEqual(['counterId', 'by']);
  });

  it('is deterministic', () => {
    const registry = new ContractRegistry([sampleContracts]);
    expect(buildAsyncApiDocument(registry, { version: '1' })).toEqual(
      buildAsyncApiDocument(registry, { version: '1' }),
    );
  });
});

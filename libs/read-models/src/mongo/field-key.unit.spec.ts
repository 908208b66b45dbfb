import * as fc from 'fast-check';
import { decodeFieldKey, encodeFieldKey } from './field-key';

describe('field keys for stream ids and topic partitions', () => {
  it('contain no dot and no leading $, and decode back to the original', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: fc.constantFrom('a', '.', '$', '%', '2', 'E', '-', '|') }),
        (key) => {
          const encoded = encodeFieldKey(key);
          expect(encoded).not.toContain('.');
          expect(encoded.startsWith('$')).toBe(false);
          expect(decodeFieldKey(encoded)).toBe(key);
        },
      ),
    );
  });

  it('encodes a real stream id readably', () => {
    expect(encodeFieldKey('customers.Customer-0190-ab')).toBe('customers%2ECustomer-0190-ab');
  });
});

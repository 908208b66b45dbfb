import { defaultErasureLedgerUrl } from './postgres-erasure-ledger';

describe('defaultErasureLedgerUrl', () => {
  it('names a database beside the store database', () => {
    expect(defaultErasureLedgerUrl('postgres://u:p@127.0.0.1:55432/crm')).toBe(
      'postgres://u:p@127.0.0.1:55432/crm_erasure_ledger',
    );
  });

  it('keeps the name within PostgreSQL 63-byte limit', () => {
    const url = defaultErasureLedgerUrl(`postgres://u:p@h:1/${'d'.repeat(63)}`);
    const name = new URL(url).pathname.slice(1);
    expect(name).toHaveLength(63);
    expect(name.endsWith('_erasure_ledger')).toBe(true);
  });

  it('returns an empty string for a malformed URL (reported as such by the config)', () => {
    expect(defaultErasureLedgerUrl('not a url')).toBe('');
  });
});

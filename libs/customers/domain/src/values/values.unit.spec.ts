import fc from 'fast-check';
import { luhnValid, normaliseBankCard } from './bank-card';
import { parseCalendarDate, parseInstant } from './dates';
import { defined, present } from './defined';
import { normaliseEmail } from './email';
import { parseMoney } from './money';
import { normaliseNationalId } from './national-id';
import { normalisePhone } from './phone';

describe('normaliseEmail', () => {
  it.each([
    [' Ada@Example.COM ', 'ada@example.com'],
    ['a.b+tag@sub.example.org', 'a.b+tag@sub.example.org'],
  ])('accepts %j as %j', (input, expected) => expect(normaliseEmail(input)).toBe(expected));

  it.each([
    '',
    'plain',
    'a@b',
    'a@@b.com',
    '.a@b.com',
    'a..b@c.com',
    'a@-b.com',
    `${'x'.repeat(65)}@b.com`,
  ])('rejects %j', (input) => expect(normaliseEmail(input)).toBeUndefined());
});

describe('normalisePhone', () => {
  it.each([
    ['+49 30 1234567', undefined, '+49301234567'],
    ['0049 (30) 123-4567', undefined, '+49301234567'],
    ['030 1234567', '49', '+49301234567'],
    ['030 1234567', '+49', '+49301234567'],
    ['(212) 555-0100', '1', '+12125550100'],
  ])('normalises %j (default %j) to %j', (input, cc, expected) =>
    expect(normalisePhone(input, cc)).toBe(expected),
  );

  it.each([
    ['030 1234567', undefined],
    ['+49 12', undefined],
    ['+0 301234567', undefined],
    ['phone', '49'],
    ['+1234567890123456', undefined],
  ])('rejects %j (default %j)', (input, cc) => expect(normalisePhone(input, cc)).toBeUndefined());

  it('is idempotent: a normalised number normalises to itself', () => {
    fc.assert(
      fc.property(
        fc.stringMatching(/^\+?[0-9 ()-]{6,22}$/),
        fc.constantFrom(undefined, '49', '1'),
        (input, cc) => {
          const once = normalisePhone(input, cc);
          return once === undefined || normalisePhone(once) === once;
        },
      ),
    );
  });
});

describe('other values', () => {
  it('validates card numbers with Luhn', () => {
    expect(normaliseBankCard('4111-1111-1111-1111')).toEqual({
      number: '4111111111111111',
      last4: '1111',
    });
    expect(normaliseBankCard('1234')).toBeUndefined();
    expect(luhnValid('79927398713')).toBe(true);
  });

  it('parses strict dates, instants, money and national ids', () => {
    expect(parseCalendarDate('2024-02-29')).toBe('2024-02-29');
    expect(parseCalendarDate('2023-02-29')).toBeUndefined();
    expect(parseInstant('2024-05-01T10:00:00+02:00')).toBe('2024-05-01T08:00:00.000Z');
    expect(parseInstant('2024-05-01')).toBeUndefined();
    expect(parseMoney('129.9')).toEqual({ amount: '129.90', amountMinor: 12990 });
    expect(parseMoney('1e3')).toBeUndefined();
    expect(normaliseNationalId('ab-12 34')).toBe('AB1234');
    expect(normaliseNationalId('a$')).toBeUndefined();
  });

  it('money round-trips through minor units', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10 ** 12 }), (minor) => {
        const text = `${Math.floor(minor / 100)}.${String(minor % 100).padStart(2, '0')}`;
        return parseMoney(text)?.amountMinor === minor;
      }),
    );
  });
});

// `defined`/`present` are plain loops (ADR 0425, per-row CPU): they keep the key order, which the
// decider's JSON comparisons ("nothing changed") depend on.
describe('defined / present', () => {
  it('drop undefined (and, for defined, null) and keep the order of the other keys', () => {
    const record = { b: 1, a: undefined, c: null, d: '', e: 0, f: false };
    expect(Object.entries(defined(record))).toEqual([
      ['b', 1],
      ['d', ''],
      ['e', 0],
      ['f', false],
    ]);
    expect(Object.entries(present(record))).toEqual([
      ['b', 1],
      ['c', null],
      ['d', ''],
      ['e', 0],
      ['f', false],
    ]);
  });
});

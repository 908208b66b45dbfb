// The comparable form of a customer contact: what two spellings of one address or number share.
import { normaliseContact } from './customer-contact-index';

describe('normaliseContact', () => {
  it('compares e-mail addresses trimmed and lower-cased', () => {
    expect(normaliseContact('email', '  Ada@Example.COM ')).toBe('ada@example.com');
    expect(normaliseContact('email', 'not an address')).toBeUndefined();
  });

  it('compares phone numbers by their digits and leading +', () => {
    expect(normaliseContact('phone', '+44 (20) 7946-0000')).toBe('+442079460000');
    expect(normaliseContact('phone', '020.7946.0000')).toBe('02079460000');
    expect(normaliseContact('phone', '12+34+56')).toBe('123456');
    expect(normaliseContact('phone', '+1 555')).toBeUndefined();
  });

  it('reads a leading 00 as the international prefix', () => {
    expect(normaliseContact('phone', '0044 20 7946 0000')).toBe('+442079460000');
    expect(normaliseContact('phone', '00442079460000')).toBe(
      normaliseContact('phone', '+44 20 7946 0000'),
    );
  });
});

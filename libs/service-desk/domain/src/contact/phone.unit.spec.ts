import { e164 } from './phone';

describe('e164', () => {
  it.each([
    ['+49 30 1234-5678', '+493012345678'],
    ['0049 (30) 12345678', '+493012345678'],
    ['+1.202.555.0123', '+12025550123'],
    [' +33612345678 ', '+33612345678'],
  ])('reads %s as %s', (input, expected) => expect(e164(input)).toBe(expected));

  it.each([
    ['030 1234 5678', 'no international prefix'],
    ['+0301234567', 'a leading zero after +'],
    ['+4930', 'too short'],
    ['+4930123456789012', 'too long'],
    ['+49 30 CALL-ME', 'letters'],
  ])('refuses %s (%s)', (input) => expect(e164(input)).toBeUndefined());
});

import { fieldErrorsOf } from './field-errors';

describe('fieldErrorsOf', () => {
  it('puts each validation message at the field it names, without the argument prefix', () => {
    const errors = [
      {
        message: 'Invalid input: 2 fields are invalid.',
        extensions: {
          code: 'BAD_USER_INPUT',
          fieldErrors: [
            {
              field: 'input.person.firstName',
              code: 'TOO_LONG',
              message: 'at most 200 characters',
            },
            { field: 'input.bankCardNumber', code: 'INVALID', message: 'not a card number' },
          ],
        },
      },
    ];
    expect(fieldErrorsOf(errors)).toEqual({
      'person.firstName': 'at most 200 characters',
      bankCardNumber: 'not a card number',
    });
  });

  it('keeps errors that name no field under the empty key', () => {
    expect(
      fieldErrorsOf([
        { message: 'Customer not found.', extensions: { code: 'NOT_FOUND' } },
        { message: 'Try again.' },
      ]),
    ).toEqual({ '': 'Customer not found. Try again.' });
  });
});

import { fieldErrorsOf, fieldStatus, formErrorsOf } from './field-errors';

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

describe('formErrorsOf and fieldStatus', () => {
  it('takes the field errors of a GraphQL failure, or the message of any other', () => {
    const graphqlFailure = Object.assign(new Error('Invalid input'), {
      errors: [
        {
          message: 'Invalid input',
          extensions: {
            fieldErrors: [{ field: 'input.lines[0].unitPrice', code: 'x', message: 'not a price' }],
          },
        },
      ],
    });
    expect(formErrorsOf(graphqlFailure)).toEqual({ 'lines[0].unitPrice': 'not a price' });
    expect(formErrorsOf(new Error('offline'))).toEqual({ '': 'offline' });
    expect(formErrorsOf('odd')).toEqual({ '': 'odd' });
  });

  it('marks only the field that has a message', () => {
    expect(fieldStatus({ name: 'required' }, 'name')).toEqual({
      validateStatus: 'error',
      help: 'required',
    });
    expect(fieldStatus({ name: 'required' }, 'body')).toEqual({});
  });
});

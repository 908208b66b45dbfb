import { GraphQLError } from 'graphql';
import pino from 'pino';
import { Writable } from 'node:stream';
import { createFormatError } from './format-error';
import { BadUserInputError, NotFoundError } from './gateway-errors';

function capture(): { logger: pino.Logger; lines: () => Record<string, unknown>[] } {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _e, cb) {
      chunks.push(chunk.toString());
      cb();
    },
  });
  return {
    logger: pino({ level: 'error' }, stream),
    lines: () => chunks.map((c) => JSON.parse(c) as Record<string, unknown>),
  };
}

const located = (original: Error) =>
  new GraphQLError(original.message, { path: ['customer'], originalError: original });

describe('formatError', () => {
  test('client errors keep message, code and field errors, plus the correlation id; no stack', () => {
    const { logger } = capture();
    const error = located(
      new BadUserInputError('Invalid input: bad e-mail.', [
        { field: 'input.email', code: 'INVALID_EMAIL', message: 'bad' },
      ]),
    );
    const formatted = createFormatError(logger, () => 'corr-1')(
      {
        message: error.message,
        path: ['customer'],
        extensions: { code: 'BAD_USER_INPUT', stacktrace: ['at x'] },
      },
      error,
    );
    expect(formatted).toEqual({
      message: 'Invalid input: bad e-mail.',
      path: ['customer'],
      extensions: {
        code: 'BAD_USER_INPUT',
        fieldErrors: [{ field: 'input.email', code: 'INVALID_EMAIL', message: 'bad' }],
        correlationId: 'corr-1',
      },
    });
  });

  test('internal errors become a generic message with the correlation id, and are logged in full', () => {
    const { logger, lines } = capture();
    const error = located(
      new TypeError("Cannot read properties of undefined (reading 'tenantId')"),
    );
    const formatted = createFormatError(logger, () => 'corr-2')(
      {
        message: error.message,
        path: ['customer'],
        extensions: { code: 'INTERNAL_SERVER_ERROR', stacktrace: ['TypeError: ...'] },
      },
      error,
    );
    expect(formatted).toEqual({
      message: 'Internal server error. Quote reference corr-2 when reporting it.',
      path: ['customer'],
      extensions: { code: 'INTERNAL_SERVER_ERROR', correlationId: 'corr-2' },
    });
    expect(lines()[0]).toMatchObject({
      correlationId: 'corr-2',
      err: { message: expect.stringContaining('tenantId'), stack: expect.any(String) },
    });
  });

  test('a non-client error that claims a client code is still internal', () => {
    const { logger } = capture();
    const sneaky = Object.assign(new Error('SELECT * FROM secrets failed'), {
      extensions: { code: 'BAD_USER_INPUT' },
    });
    const formatted = createFormatError(logger, () => 'c')(
      { message: sneaky.message, extensions: { code: 'BAD_USER_INPUT' } },
      located(sneaky),
    );
    expect(formatted.extensions?.['code']).toBe('INTERNAL_SERVER_ERROR');
    expect(formatted.message).not.toContain('secrets');
  });

  test('GraphQL request errors pass through without stack traces', () => {
    const { logger } = capture();
    const parseError = new GraphQLError('Syntax Error: Expected Name, found "}".');
    const formatted = createFormatError(logger, () => 'c')(
      {
        message: parseError.message,
        extensions: { code: 'GRAPHQL_PARSE_FAILED', stacktrace: ['x'] },
      },
      parseError,
    );
    expect(formatted).toEqual({
      message: parseError.message,
      extensions: { code: 'GRAPHQL_PARSE_FAILED', correlationId: 'c' },
    });
  });

  test('NOT_FOUND reads the same for any id', () => {
    expect(new NotFoundError('Customer', 'abc').message).toBe('Customer abc was not found.');
  });
});

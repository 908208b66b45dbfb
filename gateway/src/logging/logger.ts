// Structured JSON logs (pino). Every line written while a request is handled carries its
// correlation id. Secrets and personal data are redacted: tokens, passwords, GraphQL variables
// and request bodies are never logged.
import pino, { type Logger } from 'pino';
import { currentCorrelationId } from './correlation-id';

export const REDACTED_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'password',
  '*.password',
  'token',
  '*.token',
  'variables',
  '*.variables',
];

export const GATEWAY_LOGGER = Symbol('GATEWAY_LOGGER');

export function createLogger(level: string, destination?: pino.DestinationStream): Logger {
  return pino(
    {
      level,
      base: { service: 'gateway' },
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
      redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
      mixin() {
        const correlationId = currentCorrelationId();
        return correlationId ? { correlationId } : {};
      },
    },
    destination,
  );
}

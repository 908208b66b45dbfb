// Structured JSON logs (pino) for the Customers service. Every RPC line carries the request's
// correlation id, the same id that goes into the event envelopes it appends.
import pino, { type Logger } from 'pino';
import type { CustomersConfig } from '../config/customers.config';

export function createCustomersLogger(
  config: Pick<CustomersConfig, 'logLevel'>,
  destination?: pino.DestinationStream,
): Logger {
  const options: pino.LoggerOptions = {
    level: config.logLevel,
    base: { service: 'customers' },
    timestamp: pino.stdTimeFunctions.isoTime,
    redact: { paths: ['*.csv', '*.bankCardNumber', '*.nationalId'], censor: '[redacted]' },
  };
  return destination ? pino(options, destination) : pino(options);
}

// Structured JSON logs (pino) for the Sales service. Every RPC line carries the request's
// correlation id, the same id that goes into the event envelopes it appends. A lead's contact is
// personal data and never logged.
import pino, { type Logger } from 'pino';
import type { SalesConfig } from '../config/sales.config';

export function createSalesLogger(config: Pick<SalesConfig, 'logLevel'>): Logger {
  return pino({
    level: config.logLevel,
    base: { service: 'sales' },
    timestamp: pino.stdTimeFunctions.isoTime,
    redact: { paths: ['*.contact', '*.email', '*.phone'], censor: '[redacted]' },
  });
}

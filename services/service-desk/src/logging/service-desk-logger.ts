// Structured JSON logs (pino) for the service-desk service. Every RPC line carries the request's
// correlation id. Message bodies and addresses are personal data and never logged.
import pino, { type Logger } from 'pino';
import type { ServiceDeskConfig } from '../config/service-desk.config';

export function createServiceDeskLogger(config: Pick<ServiceDeskConfig, 'logLevel'>): Logger {
  return pino({
    level: config.logLevel,
    base: { service: 'service-desk' },
    timestamp: pino.stdTimeFunctions.isoTime,
    redact: {
      paths: ['*.body', '*.email', '*.requesterEmail', '*.from', '*.to'],
      censor: '[redacted]',
    },
  });
}

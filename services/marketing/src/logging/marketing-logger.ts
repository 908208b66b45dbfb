// Structured JSON logs (pino) for the Marketing service. Every RPC line carries the request's
// correlation id. Recipients' addresses are personal data and never logged.
import pino, { type Logger } from 'pino';
import type { MarketingConfig } from '../config/marketing.config';

export function createMarketingLogger(config: Pick<MarketingConfig, 'logLevel'>): Logger {
  return pino({
    level: config.logLevel,
    base: { service: 'marketing' },
    timestamp: pino.stdTimeFunctions.isoTime,
    redact: { paths: ['*.email', '*.to', '*.token'], censor: '[redacted]' },
  });
}

// The logging surface the messaging and read-model runtimes need: pino's call shape
// (`logger.warn({ err }, 'message')`), so apps pass a pino logger and tests a silent one.

export interface Logger {
  debug(fields: object, message?: string): void;
  info(fields: object, message?: string): void;
  warn(fields: object, message?: string): void;
  error(fields: object, message?: string): void;
}

const noop = (): void => undefined;

export const silentLogger: Logger = { debug: noop, info: noop, warn: noop, error: noop };

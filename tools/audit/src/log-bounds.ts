// `--from` / `--to` take either a global position (an integer) or an instant (ISO-8601).
import { AuditCliError } from './cli-context';

export type LogBound = { readonly position: number } | { readonly time: string };

export function parseLogBound(option: string, value: string): LogBound {
  if (/^\d+$/.test(value)) {
    const position = Number(value);
    if (Number.isSafeInteger(position)) return { position };
  }
  const time = new Date(value);
  if (/^\d{4}-\d{2}-\d{2}/.test(value) && !Number.isNaN(time.getTime()))
    return { time: time.toISOString() };
  throw new AuditCliError(
    `${option} must be a global position (e.g. 1200) or an ISO-8601 instant (e.g. 2026-01-31T12:00:00Z), got ${JSON.stringify(value)}`,
  );
}

export function parsePosition(option: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const bound = parseLogBound(option, value);
  if (!('position' in bound)) throw new AuditCliError(`${option} must be a global position here`);
  return bound.position;
}

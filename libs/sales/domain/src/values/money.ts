// Money as integer minor units (cents) inside the domain, so sums are exact, and as decimal strings
// with two fraction digits ("129.90") in events, as the published sales.OrderPlaced v1 requires.
// Currencies are ISO-4217 alphabetic codes; amounts of different currencies are never added.

const DECIMAL = /^(\d{1,12})(?:\.(\d{1,2}))?$/;

/** Non-negative decimal string → minor units, or undefined when it is not one (no sign, ≤ 2 decimals). */
export function parseMinorUnits(input: string): number | undefined {
  const match = DECIMAL.exec(input.trim());
  if (!match) return undefined;
  const whole = match[1] ?? '0';
  const fraction = (match[2] ?? '').padEnd(2, '0');
  return Number(whole) * 100 + Number(fraction);
}

/** Minor units → "1234.05" (never negative in this context). */
export function formatMinorUnits(minor: number): string {
  if (!Number.isSafeInteger(minor) || minor < 0) {
    throw new RangeError(`Not a non-negative amount in minor units: ${minor}`);
  }
  return `${Math.floor(minor / 100)}.${String(minor % 100).padStart(2, '0')}`;
}

export function isCurrencyCode(input: string): boolean {
  return /^[A-Z]{3}$/.test(input);
}

export interface PricedLine {
  readonly quantity: number;
  readonly unitPriceMinor: number;
}

export function lineTotalMinor(line: PricedLine): number {
  return line.quantity * line.unitPriceMinor;
}

/** The exact total of the lines; the parsers' limits keep it far below 2^53. */
export function totalMinor(lines: readonly PricedLine[]): number {
  return lines.reduce((sum, line) => sum + lineTotalMinor(line), 0);
}

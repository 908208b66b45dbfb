// Money as decimal strings with at most two fraction digits, held as integer minor units so sums
// are exact. Currencies are ISO-4217 alphabetic codes.

const DECIMAL = /^(-?)(\d{1,12})(?:\.(\d{1,2}))?$/;

export interface Money {
  /** Normalised decimal string, always two fraction digits: "129.90". */
  readonly amount: string;
  /** Integer minor units (cents): 12990. */
  readonly amountMinor: number;
}

export function parseMoney(input: string): Money | undefined {
  const match = DECIMAL.exec(input.trim());
  if (!match) return undefined;
  const [, sign, whole, fraction = ''] = match as unknown as [
    string,
    string,
    string,
    string | undefined,
  ];
  const minor = Number(whole) * 100 + Number(fraction.padEnd(2, '0'));
  const amountMinor = sign === '-' ? -minor : minor;
  return { amount: formatMinor(amountMinor), amountMinor };
}

export function formatMinor(amountMinor: number): string {
  const sign = amountMinor < 0 ? '-' : '';
  const abs = Math.abs(amountMinor);
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}

export function normaliseCurrency(input: string): string | undefined {
  const code = input.trim().toUpperCase();
  return /^[A-Z]{3}$/.test(code) ? code : undefined;
}

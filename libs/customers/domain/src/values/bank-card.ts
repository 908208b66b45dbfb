// Payment card numbers: 12-19 digits passing the Luhn check. Stored encrypted; only the last four
// digits are ever shown.

export interface BankCard {
  readonly number: string;
  readonly last4: string;
}

export function normaliseBankCard(input: string): BankCard | undefined {
  const digits = input.trim().replace(/[\s-]/g, '');
  if (!/^\d{12,19}$/.test(digits) || !luhnValid(digits)) return undefined;
  return { number: digits, last4: digits.slice(-4) };
}

export function luhnValid(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return sum % 10 === 0;
}

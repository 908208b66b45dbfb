// Phone numbers in an E.164-like normal form: "+" followed by 8 to 15 digits. Separators
// (space, dash, dot, slash, parentheses) are dropped; "00" is an international prefix; a number
// without a prefix needs the default country calling code, and its trunk "0" is dropped.

const SEPARATORS = /[\s\-./()]/g;

export function normalisePhone(
  input: string,
  defaultCountryCallingCode?: string,
): string | undefined {
  let digits = input.trim().replace(SEPARATORS, '');
  if (digits.length === 0) return undefined;
  if (digits.startsWith('+')) digits = digits.slice(1);
  else if (digits.startsWith('00')) digits = digits.slice(2);
  else {
    const cc = normaliseCallingCode(defaultCountryCallingCode);
    if (cc === undefined) return undefined;
    digits = cc + digits.replace(/^0+/, '');
  }
  if (!/^[1-9]\d{7,14}$/.test(digits)) return undefined;
  return `+${digits}`;
}

/** "49", "+49" or "0049" → "49"; undefined when absent or not 1-3 digits. */
export function normaliseCallingCode(code: string | undefined): string | undefined {
  const c = (code ?? '').trim().replace(/^\+|^00/, '');
  return /^[1-9]\d{0,2}$/.test(c) ? c : undefined;
}

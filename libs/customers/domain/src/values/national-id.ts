// National identification numbers differ by country; we keep one normal form for matching:
// upper-case letters and digits only (separators removed), 4 to 32 characters.

export function normaliseNationalId(input: string): string | undefined {
  const id = input
    .trim()
    .toUpperCase()
    .replace(/[\s\-./]/g, '');
  return /^[A-Z0-9]{4,32}$/.test(id) ? id : undefined;
}

// The one normal form phone numbers are compared in: E.164 ("+", then 8 to 15 digits, no leading
// zero), as the customers context stores a phone contact. Separators (space, dash, dot, slash,
// parentheses) are dropped and "00" reads as "+"; a number without an international prefix is not
// taken, since the desk cannot know the caller's country.
const SEPARATORS = /[\s\-./()]/g;

export function e164(input: string): string | undefined {
  const compact = input.trim().replace(SEPARATORS, '').replace(/^00/, '+');
  return /^\+[1-9]\d{7,14}$/.test(compact) ? compact : undefined;
}

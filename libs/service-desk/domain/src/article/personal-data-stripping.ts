// "Article from ticket": a solved ticket's question and answer become a draft article, and an
// article is read by every customer, so nothing may identify the one who asked. What the desk knows
// of them (names, e-mail addresses, ids) is replaced wherever it appears, and so is
// anything shaped like personal data that it does not know (any e-mail address, phone number, card
// or account number, UUID). Pure: the gateway passes what it knows of the customer.

export interface KnownPersonalData {
  /** Names of the customer (full, first, last, legal), as the customer record has them. */
  readonly names?: readonly (string | null | undefined)[];
  readonly emails?: readonly (string | null | undefined)[];
  /** Ids that point at the customer or their records (customer, ticket, order ids). */
  readonly ids?: readonly (string | null | undefined)[];
}

export const REDACTED = {
  name: '[customer]',
  email: '[e-mail]',
  phone: '[phone]',
  id: '[id]',
  number: '[number]',
} as const;

/** A name part shorter than this is left alone: "Li" or "Al" would also hit ordinary words. */
const MIN_NAME_PART = 3;

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** A whole word or id (letters or digits on neither side), whatever its case. */
function wordPattern(word: string): RegExp {
  return new RegExp(`(?<![\\p{L}\\p{N}])${escapeRegExp(word)}(?![\\p{L}\\p{N}])`, 'giu');
}

/** Lower case without accents: "Zoë" in a mail is the customer "Zoe". */
const fold = (text: string) =>
  text.normalize('NFKD').replace(/\p{M}/gu, '').toLocaleLowerCase('und');

function present(values: readonly (string | null | undefined)[] | undefined): string[] {
  return [...new Set((values ?? []).map((v) => (v ?? '').trim()).filter(Boolean))];
}

/** A word, with the apostrophes and hyphens inside names (O'Brien, Jean-Pierre). */
const WORD = /[\p{L}\p{N}]+(?:['’-][\p{L}\p{N}]+)*/gu;
const wordsOf = (text: string) => [...text.matchAll(WORD)];

/** Each name as folded word sequences: the full name, each part, each part of a hyphenated one. */
function nameTerms(names: readonly (string | null | undefined)[] | undefined): string[][] {
  const terms = new Map<string, string[]>();
  for (const name of present(names)) {
    const words = wordsOf(name).map((m) => fold(m[0]));
    const candidates = [
      words,
      ...words.map((w) => [w]),
      ...words.flatMap((w) => w.split(/['’-]/u).map((p) => [p])),
    ];
    for (const term of candidates)
      if (term.join(' ').length >= MIN_NAME_PART) terms.set(term.join(' '), term);
  }
  return [...terms.values()].sort((a, b) => b.length - a.length);
}

/** Replaces every occurrence of a name (whole words, any case or accents), longest name first. */
function replaceNames(
  text: string,
  names: readonly (string | null | undefined)[] | undefined,
): string {
  const terms = nameTerms(names);
  if (terms.length === 0) return text;
  const words = wordsOf(text);
  let result = '';
  let copied = 0;
  for (let i = 0; i < words.length;) {
    const term = terms.find((t) => t.every((w, k) => words[i + k] && fold(words[i + k]![0]) === w));
    if (!term) {
      i += 1;
      continue;
    }
    const first = words[i]!;
    const last = words[i + term.length - 1]!;
    result += text.slice(copied, first.index) + REDACTED.name;
    copied = last.index + last[0].length;
    i += term.length;
  }
  return result + text.slice(copied);
}

const EMAIL = /[\p{L}\p{N}._%+'-]+@[\p{L}\p{N}-]+(?:\.[\p{L}\p{N}-]+)+/giu;
/** "ann dot lee at example dot com", the way people dodge address harvesters. */
const SPELLED_EMAIL =
  /[\p{L}\p{N}._%+-]+(?:\s+dot\s+[\p{L}\p{N}_%+-]+)*\s*(?:\(at\)|\[at\]|\s+at\s+)\s*[\p{L}\p{N}-]+(?:\s*(?:\(dot\)|\[dot\]|\s+dot\s+|\.)\s*[\p{L}\p{N}-]+)+/giu;
const UUID = /\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/giu;
const IBAN = /\b[A-Z]{2}\d{2}(?:[ ]?[A-Z0-9]{4}){2,7}(?:[ ]?[A-Z0-9]{1,4})?\b/gu;
/**
 * A phone or card number: a run of at least 7 digits that may start with + or ( and be split by
 * spaces, dots, dashes, slashes or brackets. Shorter numbers (order 1042, 3 days) stay: they say
 * nothing about a person.
 */
const DIGIT_RUN = /(?<![\p{L}\p{N}])\+?\(?\d(?:[\s./()-]{0,2}\d){6,}(?![\p{L}\p{N}])/gu;

const DATE = /^(?:\d{4}-\d{2}-\d{2}|\d{1,2}[./]\d{1,2}[./]\d{4})$/u;

const digitsOf = (text: string) => text.replace(/\D/g, '');

/** `text` without the customer's personal data, each kind replaced by its REDACTED marker. */
export function stripPersonalData(text: string, known: KnownPersonalData = {}): string {
  let result = text;
  for (const id of present(known.ids)) result = result.replace(wordPattern(id), REDACTED.id);
  for (const email of present(known.emails))
    result = result.replace(wordPattern(email), REDACTED.email);
  result = result
    .replace(EMAIL, REDACTED.email)
    .replace(SPELLED_EMAIL, REDACTED.email)
    .replace(UUID, REDACTED.id)
    .replace(IBAN, REDACTED.number);
  // Phones (known or not) are runs of 7 to 15 digits (E.164's longest); longer ones are cards.
  // Dates (2026-12-07, 07/12/2026) are digit runs too, and an answer needs them.
  result = result.replace(DIGIT_RUN, (run) =>
    DATE.test(run) ? run : digitsOf(run).length <= 15 ? REDACTED.phone : REDACTED.number,
  );
  return replaceNames(result, known.names);
}

// The segment builder's conditions as a rule of docs/marketing.md (the gateway parses and
// validates it; a problem comes back naming its path). Pure, so the builder is tested in Node.
export type ConditionKind = 'tag' | 'region' | 'kind' | 'emailConsent' | 'valueTier' | 'purchase';

export interface Condition {
  kind: ConditionKind;
  /** Tag value, regions (comma-separated), person|company, true|false, tiers, or days. */
  value: string;
  /** valueTier: the ISO currency; purchase: purchasedInDays | noPurchaseInDays. */
  option?: string;
  negate?: boolean;
}

type Term = { field: string; op: string; value: unknown } | { not: Term };
export type Rule = Term | { and: Term[] } | { or: Term[] };

const list = (text: string): string[] =>
  text
    .split(',')
    .map((v) => v.trim())
    .filter((v) => v !== '');

function termOf(c: Condition): Term | null {
  const value = c.value.trim();
  if (value === '') return null;
  switch (c.kind) {
    case 'tag':
      return { field: 'tag', op: 'has', value };
    case 'region':
      return { field: 'region', op: 'in', value: list(value) };
    case 'kind':
      return { field: 'kind', op: 'eq', value };
    case 'emailConsent':
      return { field: 'consent.email', op: 'eq', value: value === 'true' };
    case 'valueTier':
      return { field: `valueTier.${c.option ?? 'EUR'}`, op: 'in', value: list(value) };
    case 'purchase':
      return { field: 'purchase', op: c.option ?? 'purchasedInDays', value: Number(value) };
  }
}

/** The rule of the filled-in conditions, joined by and/or; null while none is complete. */
export function ruleOf(conditions: readonly Condition[], join: 'and' | 'or'): Rule | null {
  const terms = conditions.flatMap((c) => {
    const term = termOf(c);
    if (!term) return [];
    return [c.negate ? { not: term } : term];
  });
  if (terms.length === 0) return null;
  if (terms.length === 1) return terms[0] as Term;
  return join === 'and' ? { and: terms } : { or: terms };
}

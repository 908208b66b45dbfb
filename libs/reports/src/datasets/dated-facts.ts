// Facts a reports-owned read model keeps under their stream version (`<field>.<version>`), read up
// to an instant: the histories that let reports answer as of then (ADR 0391).

/** The facts dated at or before `asOf` (all of them without), oldest stream version first. */
export function factsUpTo<F extends { readonly at: string }>(
  facts: Readonly<Record<string, F>> | undefined,
  asOf?: Date,
): F[] {
  return Object.entries(facts ?? {})
    .map(([version, fact]) => ({ version: Number(version), fact }))
    .filter(({ fact }) => !asOf || Date.parse(fact.at) <= asOf.getTime())
    .sort((a, b) => a.version - b.version)
    .map(({ fact }) => fact);
}

/** The latest fact dated at or before `asOf`, or undefined when none was by then. */
export function latestFact<F extends { readonly at: string }>(
  facts: Readonly<Record<string, F>> | undefined,
  asOf: Date,
): F | undefined {
  return factsUpTo(facts, asOf).pop();
}

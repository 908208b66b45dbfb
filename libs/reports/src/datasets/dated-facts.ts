// Facts a reports-owned read model keeps under their stream version (`<field>.<version>`), read up
// to an instant: the histories that let reports answer as of then (ADR 0391).
import { documentsById, type JoinSource } from './dataset';

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

/** Where a reports-owned history is kept, and how one document folds to an instant. */
export interface DatedHistory<H, T> {
  readonly projection: string;
  readonly model: string;
  fold(doc: H, asOf: Date): T;
}

/**
 * Each row with `then`: its history document (same id, read in the viewer's scope) folded to
 * `asOf`. A row whose history has not arrived yet (the reports projection trails) is left as it
 * is, without `then`: the dataset's `asOf.at` reads it as it stands now.
 */
export async function withHistoryThen<R extends { readonly _id: string }, H, T>(
  rows: readonly R[],
  source: JoinSource,
  history: DatedHistory<H, T>,
  asOf: Date,
): Promise<(R & { readonly then?: T })[]> {
  const byId = await documentsById<H>(
    source,
    history.projection,
    history.model,
    rows.map((r) => r._id),
    ['facts'],
  );
  return rows.map((row) => {
    const doc = byId.get(row._id);
    return doc ? { ...row, then: history.fold(doc, asOf) } : row;
  });
}

/** A dataset's `asOf.join` over a dated history: each row with `then` (see withHistoryThen). */
export function joinHistory<H, T>(history: DatedHistory<H, T>) {
  return <R extends { readonly _id: string }>(rows: readonly R[], source: JoinSource, asOf: Date) =>
    withHistoryThen(rows, source, history, asOf);
}

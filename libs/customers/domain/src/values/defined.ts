// Optional fields of commands and events are missing, never `undefined` or `null` (exact optional
// property types, and stored events stay free of empty keys). A plain loop, not
// entries/filter/fromEntries: both run for every parsed command and imported row (ADR 0425).

/** `record` without the keys whose value is `undefined` or `null`. */
export function defined<T extends Record<string, unknown>>(
  record: T,
): { [K in keyof T]?: Exclude<T[K], undefined | null> } {
  const kept: Record<string, unknown> = {};
  for (const key of Object.keys(record)) {
    const value = record[key];
    if (value !== undefined && value !== null) kept[key] = value;
  }
  return kept as never;
}

/** `record` without the keys whose value is `undefined` (`null` stays: in a patch it clears). */
export function present<T extends Record<string, unknown>>(
  record: T,
): { [K in keyof T]?: Exclude<T[K], undefined> } {
  const kept: Record<string, unknown> = {};
  for (const key of Object.keys(record)) if (record[key] !== undefined) kept[key] = record[key];
  return kept as never;
}

// Optional fields of commands and events are missing, never `undefined` or `null` (exact optional
// property types, and stored events stay free of empty keys).

/** `record` without the keys whose value is `undefined` or `null`. */
export function defined<T extends Record<string, unknown>>(
  record: T,
): { [K in keyof T]?: Exclude<T[K], undefined | null> } {
  return Object.fromEntries(
    Object.entries(record).filter(([, value]) => value !== undefined && value !== null),
  ) as never;
}

/** `record` without the keys whose value is `undefined` (`null` stays: in a patch it clears). */
export function present<T extends Record<string, unknown>>(
  record: T,
): { [K in keyof T]?: Exclude<T[K], undefined> } {
  return Object.fromEntries(
    Object.entries(record).filter(([, value]) => value !== undefined),
  ) as never;
}

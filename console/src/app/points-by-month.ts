// Point lots summed by the month they expire in (UTC), in date order: the loyalty chart's data.
export function pointsByExpiryMonth(
  lots: readonly { readonly points: number; readonly expiresAt: string }[],
): { month: string; points: number }[] {
  const byMonth = new Map<string, number>();
  for (const lot of lots) {
    const month = lot.expiresAt.slice(0, 7); // ISO-8601: YYYY-MM
    byMonth.set(month, (byMonth.get(month) ?? 0) + lot.points);
  }
  return [...byMonth]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([month, points]) => ({ month, points }));
}

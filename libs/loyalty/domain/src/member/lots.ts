// Pure lot arithmetic shared by every debit and credit: which lots a debit draws from (closest
// expiry first, only lots still valid at that instant) and how draws and credits change the lots.
import type { Draw, LotCredit } from './member.events';
import type { Lot } from './member.state';

export function byExpiry(a: Lot, b: Lot): number {
  return a.expiresAt === b.expiresAt
    ? a.lotId < b.lotId
      ? -1
      : a.lotId > b.lotId
        ? 1
        : 0
    : Date.parse(a.expiresAt) - Date.parse(b.expiresAt);
}

/**
 * Draws up to `points` from lots valid at `at`, closest expiry first; `preferLotId` is drawn first
 * (a reversal takes back the order's own lot before touching others). Returns the draws and what
 * could not be covered.
 */
export function drawPoints(
  lots: readonly Lot[],
  points: number,
  at: string,
  preferLotId?: string,
): { draws: Draw[]; uncovered: number } {
  const now = Date.parse(at);
  const valid = lots.filter((lot) => Date.parse(lot.expiresAt) > now);
  const ordered = preferLotId
    ? [
        ...valid.filter((l) => l.lotId === preferLotId),
        ...valid.filter((l) => l.lotId !== preferLotId),
      ]
    : valid;
  const draws: Draw[] = [];
  let left = points;
  for (const lot of ordered) {
    if (left === 0) break;
    const take = Math.min(lot.points, left);
    draws.push({ lotId: lot.lotId, points: take, expiresAt: lot.expiresAt });
    left -= take;
  }
  return { draws, uncovered: left };
}

export function applyDraws(lots: readonly Lot[], draws: readonly Draw[]): Lot[] {
  const taken = new Map<string, number>();
  for (const d of draws) taken.set(d.lotId, (taken.get(d.lotId) ?? 0) + d.points);
  return lots
    .map((lot) => ({ ...lot, points: lot.points - (taken.get(lot.lotId) ?? 0) }))
    .filter((lot) => lot.points > 0);
}

/** Adds credits to existing lots of the same id or as new lots, keeping the expiry order. */
export function addCredits(lots: readonly Lot[], credits: readonly LotCredit[]): Lot[] {
  const next = new Map(lots.map((lot) => [lot.lotId, lot]));
  for (const c of credits) {
    if (c.points <= 0) continue;
    const existing = next.get(c.lotId);
    next.set(c.lotId, {
      lotId: c.lotId,
      points: (existing?.points ?? 0) + c.points,
      expiresAt: c.expiresAt,
    });
  }
  return [...next.values()].sort(byExpiry);
}

export const sumPoints = (items: readonly { readonly points: number }[]): number =>
  items.reduce((sum, item) => sum + item.points, 0);

const DAY_MS = 86_400_000;

/** Lots still valid at `at` that expire within `days` after it (closest expiry first). */
export function lotsExpiringWithin(lots: readonly Lot[], at: string, days: number): Lot[] {
  const now = Date.parse(at);
  const horizon = now + days * DAY_MS;
  return lots.filter((lot) => {
    const expiry = Date.parse(lot.expiresAt);
    return expiry > now && expiry <= horizon;
  });
}

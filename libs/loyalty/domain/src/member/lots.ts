// Pure lot arithmetic shared by every debit and credit: which lots a debit draws from (closest
// expiry first, only lots still valid at that instant) and how draws and credits change the lots.
import type { Draw, LotCredit } from './member.events';
import type { Lot } from './member.state';
import type { PersistentMap } from './persistent-map';

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

/** Takes the drawn points out of their lots, dropping a lot once it is empty. */
export function applyDraws(lots: PersistentMap<Lot>, draws: readonly Draw[]): PersistentMap<Lot> {
  let next = lots;
  for (const d of draws) {
    const lot = next.get(d.lotId);
    if (!lot) continue;
    const points = lot.points - d.points;
    next = points > 0 ? next.set(d.lotId, { ...lot, points }) : next.delete(d.lotId);
  }
  return next;
}

/** Adds credits to existing lots of the same id or as new lots. */
export function addCredits(
  lots: PersistentMap<Lot>,
  credits: readonly LotCredit[],
): PersistentMap<Lot> {
  let next = lots;
  for (const c of credits) {
    if (c.points <= 0) continue;
    next = next.set(c.lotId, {
      lotId: c.lotId,
      points: (next.get(c.lotId)?.points ?? 0) + c.points,
      expiresAt: c.expiresAt,
    });
  }
  return next;
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

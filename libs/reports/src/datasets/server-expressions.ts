// Building blocks for the server expressions of dataset declarations: each mirrors one helper of
// dataset.ts so that a dimension or measure gives the same value on the MongoDB server as in Node.
// Only operators the MongoDB-wire server in use implements (mongo-java-server 1.47: no $switch,
// no $dateFromString; $toDate parses ISO-8601 strings) — docs/adr/0260.
import { NONE, type ServerExpression } from './dataset';

const DAY_MS = 86_400_000;

/** The stored field `path` (a declaration's own field name, never client input). */
export function field(path: string): string {
  return `$${path}`;
}

/** True when the expression is null or missing. */
export function isMissing(expr: ServerExpression): ServerExpression {
  return { $eq: [{ $ifNull: [expr, null] }, null] };
}

/** `orNone`: the value, or `(none)` for a missing or empty one. */
export function orNoneOf(expr: ServerExpression): ServerExpression {
  return { $cond: [{ $in: [{ $ifNull: [expr, ''] }, ['']] }, NONE, expr] };
}

/** `daysSince`: whole days from the ISO instant to `now` (never negative); null when missing. */
export function wholeDaysSince(iso: ServerExpression, now: ServerExpression): ServerExpression {
  return {
    $cond: [
      { $or: [isMissing(iso), isMissing(now)] },
      null,
      {
        $max: [
          0,
          { $floor: { $divide: [{ $subtract: [toDate(now), { $toDate: iso }] }, DAY_MS] } },
        ],
      },
    ],
  };
}

/** `hoursBetween`: hours between two ISO instants, null when either is missing. */
export function hoursBetweenOf(from: ServerExpression, to: ServerExpression): ServerExpression {
  return {
    $cond: [
      { $or: [isMissing(from), isMissing(to)] },
      null,
      { $divide: [{ $subtract: [{ $toDate: to }, { $toDate: from }] }, 3_600_000] },
    ],
  };
}

function toDate(value: ServerExpression): ServerExpression {
  return value instanceof Date ? value : { $toDate: value };
}

/** 1 when the predicate holds, else 0 (to count with `$sum`). */
export function oneIf(predicate: ServerExpression): ServerExpression {
  return { $cond: [predicate, 1, 0] };
}

/**
 * `fn` applied to the value of `expr` computed once (`$let` is not implemented by the server in
 * use; a `$map` over a one-element array binds the variable instead). `name` must be unique among
 * the variables in scope.
 */
export function withValue(
  name: string,
  expr: ServerExpression,
  fn: (variable: string) => ServerExpression,
): ServerExpression {
  return { $arrayElemAt: [{ $map: { input: [expr], as: name, in: fn(`$$${name}`) } }, 0] };
}

/** The entries `{ k, v }` of an object field (an absent one has none). */
export function entriesOf(path: string): ServerExpression {
  return { $objectToArray: { $ifNull: [field(path), {}] } };
}

/** A number field a projection creates with its first `$inc`: absent until then, i.e. 0. */
export function counter(path: string): ServerExpression {
  return { $ifNull: [field(path), 0] };
}

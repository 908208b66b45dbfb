// Field specifications name the personal fields inside an event payload:
//   'nationalId'         one value (any JSON: string, object, array)
//   'address'            a whole object, encrypted as one value
//   'emails[].address'   the `address` of every element of the `emails` array
//   'phones[]'           every element of the `phones` array
// Paths are parsed once (at start) so a typo fails the process, not the first write. Traversal
// never mutates its input: events and states are shared, frozen values elsewhere in the runtime.
import { InvalidFieldPathError, PersonalFieldShapeError } from './personal-data.errors';

export interface FieldPathSegment {
  readonly key: string;
  /** `key[]`: the value under `key` is an array and every element continues the path. */
  readonly each: boolean;
}

export interface FieldPath {
  /** Canonical text, also bound into the ciphertext so a value cannot move to another field. */
  readonly text: string;
  readonly segments: readonly FieldPathSegment[];
}

const SEGMENT = /^([A-Za-z_][A-Za-z0-9_-]*)(\[\])?$/;

export function parseFieldPath(text: string): FieldPath {
  const parts = text.split('.');
  const segments = parts.map((part) => {
    const match = SEGMENT.exec(part);
    if (!match?.[1]) throw new InvalidFieldPathError(text);
    return { key: match[1], each: match[2] === '[]' };
  });
  return { text: segments.map((s) => s.key + (s.each ? '[]' : '')).join('.'), segments };
}

export function parseFieldPaths(texts: readonly string[]): FieldPath[] {
  const paths = texts.map(parseFieldPath);
  const seen = new Set<string>();
  for (const p of paths) {
    if (seen.has(p.text)) throw new InvalidFieldPathError(`${p.text} (declared twice)`);
    seen.add(p.text);
  }
  return paths;
}

type Leaf = (value: unknown) => unknown;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Returns a copy of `root` where every value at `path` is replaced by `leaf(value)`. Absent values
 * (undefined / null) are left alone: absence is not personal data. A value of the wrong shape
 * (e.g. a string where `emails[]` expects an array) throws, because skipping it would leave
 * personal data in clear text.
 */
export function mapFieldPath(root: unknown, path: FieldPath, leaf: Leaf): unknown {
  const step = (value: unknown, index: number): unknown => {
    const segment = path.segments[index];
    if (!segment) return leaf(value);
    if (value === undefined || value === null) return value;
    if (!isRecord(value)) throw new PersonalFieldShapeError(path.text, 'an object');
    const child = value[segment.key];
    if (child === undefined || child === null) return value;
    let next: unknown;
    if (segment.each) {
      if (!Array.isArray(child))
        throw new PersonalFieldShapeError(path.text, `an array at '${segment.key}'`);
      next = (child as unknown[]).map((element) =>
        element === undefined || element === null ? element : step(element, index + 1),
      );
    } else {
      next = step(child, index + 1);
    }
    return next === child ? value : { ...value, [segment.key]: next };
  };
  return step(root, 0);
}

/** Visits every present value at `path` without copying (used to decide whether a key is needed). */
export function someAtFieldPath(
  root: unknown,
  path: FieldPath,
  test: (value: unknown) => boolean,
): boolean {
  let found = false;
  mapFieldPath(root, path, (value) => {
    if (!found && test(value)) found = true;
    return value;
  });
  return found;
}

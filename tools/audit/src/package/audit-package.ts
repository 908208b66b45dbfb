// The audit package: a self-contained copy of a position range — stored events (with their hashes
// and chain links), the signed checkpoints sealing that range (with their leaves) and a manifest —
// that a third party verifies offline with `audit verify-package`, trusting only the public key
// they obtained independently. Ranges are widened to whole checkpoints so every root recomputes.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  hashInThread,
  type AuditSource,
  type Checkpoint,
  type HashedChainLink,
  type PositionRange,
  type StoredEventForVerification,
} from '@crm/event-sourcing';
import { AuditCliError } from '../cli-context';

export const PACKAGE_FORMAT = 'crm-audit-package/1';
const EVENTS_FILE = 'events.jsonl';
const CHECKPOINTS_FILE = 'checkpoints.jsonl';
const MANIFEST_FILE = 'manifest.json';

export interface PackageManifest {
  readonly format: typeof PACKAGE_FORMAT;
  readonly createdAt: string;
  readonly fromPosition: number;
  readonly toPosition: number;
  readonly eventCount: number;
  readonly checkpointCount: number;
  /** Informational only: a verifier must trust a key obtained another way, never this copy. */
  readonly signingKeyIds: readonly string[];
}

export interface AuditPackage {
  readonly manifest: PackageManifest;
  readonly events: readonly StoredEventForVerification[];
  readonly checkpoints: readonly Checkpoint[];
}

const toJsonl = (items: readonly unknown[]): string =>
  items.map((item) => `${JSON.stringify(item)}\n`).join('');

export function writeAuditPackage(directory: string, pkg: AuditPackage): void {
  mkdirSync(directory, { recursive: true });
  writeFileSync(join(directory, EVENTS_FILE), toJsonl(pkg.events));
  writeFileSync(join(directory, CHECKPOINTS_FILE), toJsonl(pkg.checkpoints));
  writeFileSync(join(directory, MANIFEST_FILE), `${JSON.stringify(pkg.manifest, null, 2)}\n`);
}

function readJsonl<T>(directory: string, file: string): T[] {
  let text: string;
  try {
    text = readFileSync(join(directory, file), 'utf8');
  } catch {
    throw new AuditCliError(`${directory} is not an audit package: ${file} is missing`);
  }
  return text
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line, index) => {
      try {
        return JSON.parse(line) as T;
      } catch {
        throw new AuditCliError(`${file} line ${index + 1} is not JSON`);
      }
    });
}

export function readAuditPackage(directory: string): AuditPackage {
  let manifest: PackageManifest;
  try {
    manifest = JSON.parse(readFileSync(join(directory, MANIFEST_FILE), 'utf8')) as PackageManifest;
  } catch {
    throw new AuditCliError(
      `${directory} is not an audit package: ${MANIFEST_FILE} is missing or not JSON`,
    );
  }
  if (manifest.format !== PACKAGE_FORMAT)
    throw new AuditCliError(`unsupported package format ${JSON.stringify(manifest.format)}`);
  const events = readJsonl<StoredEventForVerification>(directory, EVENTS_FILE).sort(
    (a, b) => a.globalPosition - b.globalPosition,
  );
  const checkpoints = readJsonl<Checkpoint>(directory, CHECKPOINTS_FILE).sort(
    (a, b) => a.sequence - b.sequence,
  );
  return { manifest, events, checkpoints };
}

/** Verification reads a package exactly as it reads the database. */
export class PackageAuditSource implements AuditSource {
  constructor(private readonly pkg: AuditPackage) {}

  async *checkpoints(range: PositionRange): AsyncIterable<Checkpoint> {
    for (const checkpoint of this.pkg.checkpoints)
      if (
        checkpoint.toPosition >= (range.fromPosition ?? 0) &&
        checkpoint.fromPosition <= (range.toPosition ?? Number.MAX_SAFE_INTEGER)
      )
        yield checkpoint;
  }

  async *events(
    fromPosition: number,
    toPosition: number,
  ): AsyncIterable<StoredEventForVerification[]> {
    const page = this.pkg.events.filter(
      (e) => e.globalPosition >= fromPosition && e.globalPosition <= toPosition,
    );
    if (page.length > 0) yield page;
  }

  hashedEvents(
    fromPosition: number,
    toPosition: number,
  ): AsyncIterable<readonly HashedChainLink[]> {
    return hashInThread(this.events(fromPosition, toPosition));
  }

  async headPosition(): Promise<number> {
    return this.pkg.events[this.pkg.events.length - 1]?.globalPosition ?? 0;
  }

  /** A package holds a slice, not the streams table. */
  async streamHeads(): Promise<undefined> {
    return undefined;
  }
}

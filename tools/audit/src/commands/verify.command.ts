// `audit verify`: one stream's hash chain, or the whole log (or a position range) against the
// signed checkpoints. Exit code 1 when anything is found, so scripts can alert on it.
import { readFileSync, writeFileSync } from 'node:fs';
import {
  PostgresAuditSource,
  defaultHashWorkers,
  auditIntegrity,
  checkpointVerifierFromPems,
  type AuditFinding,
  type CheckpointAnchor,
  type CheckpointVerifier,
} from '@crm/event-sourcing';
import { AuditCliError, withEventStore, type CliContext } from '../cli-context';
import { parsePosition } from '../log-bounds';
import { printJson, printTable } from '../output';
import { startProgress } from '../progress';

export interface VerifyOptions {
  readonly stream?: string;
  readonly from?: string;
  readonly to?: string;
  readonly anchor?: string;
  readonly saveAnchor?: string;
  readonly hashWorkers?: string;
  readonly json?: boolean;
}

const MAX_HASH_WORKERS = 32;

function parseHashWorkers(value: string | undefined): number {
  if (value === undefined) return defaultHashWorkers();
  const workers = /^\d+$/.test(value) ? Number(value) : NaN;
  if (!(workers <= MAX_HASH_WORKERS))
    throw new AuditCliError(
      `--hash-workers must be a whole number from 0 to ${MAX_HASH_WORKERS}, got ${JSON.stringify(value)}`,
    );
  return workers;
}

export function trustedVerifier(
  ctx: CliContext,
  publicKeyFiles: readonly string[] = [],
): CheckpointVerifier {
  const pems = [
    ...ctx.config.publicKeyPems,
    ...publicKeyFiles.map((file) => {
      try {
        return readFileSync(file, 'utf8');
      } catch {
        throw new AuditCliError(`cannot read the public key file ${file}`);
      }
    }),
  ];
  if (pems.length === 0)
    throw new AuditCliError(
      'no trusted checkpoint public key: set CRM_AUDIT_CHECKPOINT_PUBLIC_KEYS (comma-separated PEM files) or pass --public-key',
    );
  return checkpointVerifierFromPems(pems);
}

export function readAnchor(file: string | undefined): CheckpointAnchor | undefined {
  if (!file) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    throw new AuditCliError(`the anchor file ${file} is not readable JSON`);
  }
  const anchor = parsed as Partial<CheckpointAnchor>;
  if (!Number.isSafeInteger(anchor.sequence) || typeof anchor.digest !== 'string')
    throw new AuditCliError(`the anchor file ${file} needs { "sequence": n, "digest": "…" }`);
  return { sequence: anchor.sequence!, digest: anchor.digest };
}

export function printFindings(ctx: CliContext, findings: readonly AuditFinding[]): void {
  if (findings.length === 0) return;
  printTable(
    ctx.io.stdout,
    ['kind', 'position', 'stream', 'version', 'checkpoint', 'detail'],
    findings.map((f) => [
      f.kind,
      f.globalPosition ?? '',
      f.streamId ?? '',
      f.streamVersion ?? '',
      f.checkpointSequence ?? '',
      f.message,
    ]),
  );
}

export async function verifyCommand(ctx: CliContext, options: VerifyOptions): Promise<number> {
  if (options.stream) {
    const report = await withEventStore(ctx.config, (store) => store.verifyStream(options.stream!));
    const findings: AuditFinding[] = report.failures.map(({ reason, ...rest }) => ({
      ...rest,
      kind: reason,
    }));
    if (options.json)
      printJson(ctx.io.stdout, { ok: report.ok, checkedEvents: report.checkedEvents, findings });
    else {
      ctx.io.stdout.write(
        `${options.stream}: ${report.checkedEvents} events, ${report.ok ? 'intact' : `${findings.length} finding(s)`}\n`,
      );
      printFindings(ctx, findings);
    }
    return report.ok ? 0 : 1;
  }
  const verifier = trustedVerifier(ctx);
  const anchor = readAnchor(options.anchor);
  const fromPosition = parsePosition('--from', options.from);
  const toPosition = parsePosition('--to', options.to);
  const hashWorkers = parseHashWorkers(options.hashWorkers);
  const progress = startProgress(ctx.io, 'verify', options.json ?? false);
  const report = await withEventStore(ctx.config, (store) =>
    PostgresAuditSource.withSnapshot(
      store.pool,
      (source) =>
        auditIntegrity(source, verifier, {
          ...(fromPosition !== undefined ? { fromPosition } : {}),
          ...(toPosition !== undefined ? { toPosition } : {}),
          ...(anchor ? { anchor } : {}),
          onProgress: (done, head) => progress.update(done, head),
        }),
      // Parsing and hashing in worker threads beside the reading thread (docs/auditing.md).
      { hashWorkers },
    ),
  ).finally(() => progress.stop());
  if (options.saveAnchor && report.lastCheckpoint)
    writeFileSync(options.saveAnchor, `${JSON.stringify(report.lastCheckpoint, null, 2)}\n`);
  if (options.json) printJson(ctx.io.stdout, report);
  else {
    ctx.io.stdout.write(
      `${report.ok ? 'OK' : 'FAILED'}: ${report.checkedEvents} events checked, ${report.sealedEvents} sealed by ${report.checkpoints} checkpoint(s), ${report.unsealedEvents} not yet sealed, ${report.findings.length} finding(s)\n`,
    );
    if (report.lastCheckpoint)
      ctx.io.stdout.write(
        `last checkpoint: #${report.lastCheckpoint.sequence} up to position ${report.lastCheckpoint.toPosition}, digest ${report.lastCheckpoint.digest} (keep it)\n`,
      );
    printFindings(ctx, report.findings);
  }
  return report.ok ? 0 : 1;
}

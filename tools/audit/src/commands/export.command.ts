// `audit export --from <position> --to <position> --out <dir>`: writes an audit package (see
// package/audit-package.ts) from one consistent snapshot of the store.
import {
  PostgresAuditSource,
  type Checkpoint,
  type StoredEventForVerification,
} from '@crm/event-sourcing';
import { AuditCliError, withEventStore, type CliContext } from '../cli-context';
import { parsePosition } from '../log-bounds';
import { printJson } from '../output';
import { PACKAGE_FORMAT, writeAuditPackage, type PackageManifest } from '../package/audit-package';

export interface ExportOptions {
  readonly from?: string;
  readonly to?: string;
  readonly out: string;
  readonly json?: boolean;
}

export async function exportCommand(ctx: CliContext, options: ExportOptions): Promise<number> {
  const from = parsePosition('--from', options.from) ?? 1;
  const to = parsePosition('--to', options.to) ?? Number.MAX_SAFE_INTEGER;
  if (to < from) throw new AuditCliError(`--to ${to} is before --from ${from}`);
  const manifest = await withEventStore(ctx.config, (store) =>
    PostgresAuditSource.withSnapshot(store.pool, async (source) => {
      const checkpoints: Checkpoint[] = [];
      for await (const checkpoint of source.checkpoints({ fromPosition: from, toPosition: to }))
        checkpoints.push(checkpoint);
      // Whole checkpoints only: a partial range could not be checked against its signed root.
      const fromPosition = Math.min(from, checkpoints[0]?.fromPosition ?? from);
      const toPosition = Math.min(
        Math.max(to, checkpoints[checkpoints.length - 1]?.toPosition ?? 0),
        Math.max(await source.headPosition(), checkpoints[checkpoints.length - 1]?.toPosition ?? 0),
      );
      const events: StoredEventForVerification[] = [];
      for await (const page of source.events(fromPosition, toPosition)) events.push(...page);
      const packageManifest: PackageManifest = {
        format: PACKAGE_FORMAT,
        createdAt: new Date().toISOString(),
        fromPosition,
        toPosition,
        eventCount: events.length,
        checkpointCount: checkpoints.length,
        signingKeyIds: [...new Set(checkpoints.map((c) => c.keyId))],
      };
      writeAuditPackage(options.out, { manifest: packageManifest, events, checkpoints });
      return packageManifest;
    }),
  );
  if (options.json) printJson(ctx.io.stdout, manifest);
  else
    ctx.io.stdout.write(
      `exported positions ${manifest.fromPosition}–${manifest.toPosition}: ${manifest.eventCount} event(s), ${manifest.checkpointCount} checkpoint(s) to ${options.out}\n`,
    );
  return 0;
}

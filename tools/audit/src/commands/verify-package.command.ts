// `audit verify-package <dir> --public-key <pem>`: offline verification of an audit package, with
// no database — the same checks as `verify`, against the package's files.
import { auditIntegrity } from '@crm/event-sourcing';
import type { CliContext } from '../cli-context';
import { printJson } from '../output';
import { PackageAuditSource, readAuditPackage } from '../package/audit-package';
import { printFindings, readAnchor, trustedVerifier } from './verify.command';

export interface VerifyPackageOptions {
  readonly publicKey?: string[];
  readonly anchor?: string;
  readonly json?: boolean;
}

export async function verifyPackageCommand(
  ctx: CliContext,
  directory: string,
  options: VerifyPackageOptions,
): Promise<number> {
  const verifier = trustedVerifier(ctx, options.publicKey ?? []);
  const pkg = readAuditPackage(directory);
  const anchor = readAnchor(options.anchor);
  const report = await auditIntegrity(new PackageAuditSource(pkg), verifier, {
    fromPosition: pkg.manifest.fromPosition,
    toPosition: pkg.manifest.toPosition,
    ...(anchor ? { anchor } : {}),
  });
  const missingEvents = pkg.manifest.eventCount - pkg.events.length;
  const ok = report.ok && missingEvents === 0;
  if (options.json) printJson(ctx.io.stdout, { ...report, ok, manifest: pkg.manifest });
  else {
    ctx.io.stdout.write(
      `${ok ? 'OK' : 'FAILED'}: package positions ${pkg.manifest.fromPosition}–${pkg.manifest.toPosition}, ${report.checkedEvents} events checked, ${report.sealedEvents} sealed by ${report.checkpoints} signed checkpoint(s), ${report.unsealedEvents} not sealed, ${report.findings.length} finding(s)\n`,
    );
    if (missingEvents !== 0)
      ctx.io.stdout.write(
        `the manifest lists ${pkg.manifest.eventCount} events, the package holds ${pkg.events.length}\n`,
      );
    printFindings(ctx, report.findings);
  }
  return ok ? 0 : 1;
}

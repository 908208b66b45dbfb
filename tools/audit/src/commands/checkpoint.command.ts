// `audit checkpoint`: the checkpointing process, run periodically (cron, systemd timer) where the
// signing key lives; `audit keygen` makes that key pair. These two are the only commands that
// need more than the auditor's read-only role: checkpointing inserts into event_audit.checkpoints.
import { writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import {
  checkpointKeyId,
  checkpointSignerFromPem,
  generateCheckpointKeyPair,
  migrateAuditSchema,
  sealCheckpoints,
} from '@crm/event-sourcing';
import { createPublicKey } from 'node:crypto';
import { AuditCliError, withEventStore, type CliContext } from '../cli-context';
import { printJson } from '../output';

export interface CheckpointOptions {
  readonly maxEvents?: string;
  readonly json?: boolean;
}

export async function checkpointCommand(
  ctx: CliContext,
  options: CheckpointOptions,
): Promise<number> {
  if (!ctx.config.signingKeyPem)
    throw new AuditCliError(
      'checkpoint needs the signing key: set CRM_AUDIT_CHECKPOINT_SIGNING_KEY_FILE',
    );
  const signer = checkpointSignerFromPem(ctx.config.signingKeyPem);
  const maxEvents = options.maxEvents === undefined ? undefined : Number(options.maxEvents);
  if (
    maxEvents !== undefined &&
    (!Number.isInteger(maxEvents) || maxEvents < 1 || maxEvents > 100_000)
  )
    throw new AuditCliError('--max-events must be an integer from 1 to 100000');
  const sealed = await withEventStore(ctx.config, async (store) => {
    await migrateAuditSchema(store.pool);
    return sealCheckpoints(store.pool, signer, maxEvents ? { maxEvents } : {});
  });
  if (options.json) printJson(ctx.io.stdout, sealed);
  else
    ctx.io.stdout.write(
      sealed.length === 0
        ? 'nothing new to seal\n'
        : `sealed ${sealed.length} checkpoint(s), #${sealed[0]!.sequence}–#${sealed[sealed.length - 1]!.sequence}, up to position ${sealed[sealed.length - 1]!.toPosition}\n`,
    );
  return 0;
}

export async function keygenCommand(
  ctx: CliContext,
  options: { readonly out: string },
): Promise<number> {
  const { privateKeyPem, publicKeyPem } = generateCheckpointKeyPair();
  mkdirSync(options.out, { recursive: true });
  // The private key is readable by its owner only; it must never be stored in the database.
  writeFileSync(join(options.out, 'checkpoint-signing.pem'), privateKeyPem, {
    mode: 0o600,
    flag: 'wx',
  });
  writeFileSync(join(options.out, 'checkpoint-public.pem'), publicKeyPem, { flag: 'wx' });
  ctx.io.stdout.write(
    `key ${checkpointKeyId(createPublicKey(publicKeyPem))}: ${join(options.out, 'checkpoint-signing.pem')} (keep with the checkpointer only), ${join(options.out, 'checkpoint-public.pem')} (give to auditors)\n`,
  );
  return 0;
}

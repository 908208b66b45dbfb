// Typed failures of backup and restore. Each message says what is wrong and what to do; the CLI
// prints the message and exits non-zero, never a stack trace.
export type BackupErrorCode =
  | 'TARGET_NOT_EMPTY'
  | 'MANIFEST_INVALID'
  | 'CHECKSUM_MISMATCH'
  | 'WRONG_VERSION'
  | 'TOOL_FAILED'
  | 'INTEGRITY_FAILED'
  | 'INVALID_ARGUMENT';

export class BackupError extends Error {
  constructor(
    readonly code: BackupErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'BackupError';
  }
}

export const targetNotEmpty = (dir: string, what: string): BackupError =>
  new BackupError(
    'TARGET_NOT_EMPTY',
    `${what} ${dir} is not empty: refusing to overwrite it. Choose a new, empty folder.`,
  );

export const checksumMismatch = (file: string, expected: string, actual: string): BackupError =>
  new BackupError(
    'CHECKSUM_MISMATCH',
    `backup file ${file} is corrupted: its SHA-256 is ${actual}, the manifest says ${expected}. Use another backup.`,
  );

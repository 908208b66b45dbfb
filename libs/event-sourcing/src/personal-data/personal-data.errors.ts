// Typed failures of the personal-data (crypto-shredding) module. Callers branch on `code`
// (or instanceof) to turn them into clear, non-leaking messages; none of them ever carries key
// material or plaintext.

export type PersonalDataErrorCode =
  | 'MASTER_KEY_CONFIG'
  | 'WRONG_MASTER_KEY'
  | 'DATA_KEY_INTEGRITY'
  | 'DATA_KEY_NOT_FOUND'
  | 'CIPHERTEXT_INTEGRITY'
  | 'SUBJECT_ERASED'
  | 'INVALID_FIELD_PATH'
  | 'PERSONAL_FIELD_SHAPE'
  | 'ERASURE_LEDGER_REQUIRED';

export abstract class PersonalDataError extends Error {
  abstract readonly code: PersonalDataErrorCode;

  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}

/** The master key configuration is missing or malformed; raised at start, names the variable. */
export class MasterKeyConfigError extends PersonalDataError {
  readonly code = 'MASTER_KEY_CONFIG';

  constructor(
    readonly variable: string,
    reason: string,
  ) {
    super(`${variable}: ${reason}`);
  }
}

/** A data key was wrapped by a master key that is not in the configured key ring. */
export class WrongMasterKeyError extends PersonalDataError {
  readonly code = 'WRONG_MASTER_KEY';

  constructor(
    readonly masterKeyId: string,
    readonly availableMasterKeyIds: readonly string[],
  ) {
    super(
      `data key is wrapped by master key ${masterKeyId}, which is not configured ` +
        `(configured: ${availableMasterKeyIds.join(', ') || 'none'}); ` +
        'set CRM_MASTER_KEY / CRM_MASTER_KEY_PREVIOUS to include it',
    );
  }
}

/** A wrapped data key failed authentication: the stored row was altered or belongs elsewhere. */
export class DataKeyIntegrityError extends PersonalDataError {
  readonly code = 'DATA_KEY_INTEGRITY';

  constructor(
    readonly tenantId: string,
    readonly subjectId: string,
  ) {
    super(`wrapped data key of subject ${subjectId} (tenant ${tenantId}) failed authentication`);
  }
}

/** Ciphertext exists for a subject that never had a key (e.g. a key table restored from an older backup). */
export class DataKeyNotFoundError extends PersonalDataError {
  readonly code = 'DATA_KEY_NOT_FOUND';

  constructor(
    readonly tenantId: string,
    readonly subjectId: string,
  ) {
    super(`no data key and no erasure record for subject ${subjectId} (tenant ${tenantId})`);
  }
}

export type CiphertextIntegrityReason =
  'malformed' | 'unsupported-version' | 'key-mismatch' | 'authentication-failed';

/** An encrypted field was tampered with, malformed, or moved from another subject or field. */
export class CiphertextIntegrityError extends PersonalDataError {
  readonly code = 'CIPHERTEXT_INTEGRITY';

  constructor(
    readonly field: string,
    readonly reason: CiphertextIntegrityReason,
  ) {
    super(`encrypted field '${field}' cannot be decrypted: ${reason}`);
  }
}

/** New personal data must not be written for a subject whose key has been shredded. */
export class SubjectErasedError extends PersonalDataError {
  readonly code = 'SUBJECT_ERASED';

  constructor(
    readonly tenantId: string,
    readonly subjectId: string,
    readonly erasedAt: Date,
  ) {
    super(`subject ${subjectId} (tenant ${tenantId}) was erased at ${erasedAt.toISOString()}`);
  }
}

/** A field specification such as `emails[].address` could not be parsed. */
export class InvalidFieldPathError extends PersonalDataError {
  readonly code = 'INVALID_FIELD_PATH';

  constructor(readonly path: string) {
    super(
      `invalid personal field path '${path}' (expected e.g. 'nationalId' or 'emails[].address')`,
    );
  }
}

/** A payload does not have the shape its personal-data declaration describes. */
export class PersonalFieldShapeError extends PersonalDataError {
  readonly code = 'PERSONAL_FIELD_SHAPE';

  constructor(
    readonly path: string,
    expected: string,
  ) {
    super(`personal field '${path}' expected ${expected}; refusing to leave it unencrypted`);
  }
}

/**
 * An erasure was asked of a key store that has no erasure ledger: without the ledger entry a
 * restore from an older backup would bring the person's key back, so the key is not shredded.
 */
export class ErasureLedgerRequiredError extends PersonalDataError {
  readonly code = 'ERASURE_LEDGER_REQUIRED';

  constructor() {
    super(
      'this DataKeyStore has no erasure ledger: give it one (PostgresErasureLedger) before erasing, so the erasure survives a restore',
    );
  }
}

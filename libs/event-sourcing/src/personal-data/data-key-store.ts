// Owns the data keys of data subjects: creates one random 256-bit key per subject on first use,
// stores it wrapped by the current master key, unwraps it with whichever configured master key
// wrapped it, caches unwrapped keys (bounded), and shreds keys on erasure. Storage is behind the
// DataKeyRepository port, so the same logic runs on PostgreSQL and in memory.
import { BoundedCache } from './bounded-cache';
import { pooledRandomBytes } from './random-pool';
import { unwrapDataKey, wrapDataKey } from './data-key-wrapping';
import { assertDataSubject, dataSubjectKey, type DataSubject } from './data-subject';
import type {
  DataKeyRepository,
  ErasureRecord,
  StoredDataKey,
  WrappedDataKeyRecord,
} from './data-key.repository';
import type { ErasureLedger } from './erasure-ledger';
import { findMasterKey, masterKeyIds, type MasterKey, type MasterKeyRing } from './master-key';
import { rotateMasterKey, type MasterKeyRotationReport } from './master-key-rotation';
import {
  DataKeyIntegrityError,
  ErasureLedgerRequiredError,
  SubjectErasedError,
  WrongMasterKeyError,
} from './personal-data.errors';

export const DATA_KEY_BYTES = 32;

/** A key this process created: the record to store and the clear key it wraps. */
interface CreatedDataKey {
  readonly record: WrappedDataKeyRecord;
  readonly key: Buffer;
}

export interface ActiveDataKey {
  readonly kid: string;
  readonly key: Buffer;
}

export type DataKeyLookup =
  | ({ readonly status: 'active' } & ActiveDataKey)
  | { readonly status: 'erased'; readonly erasedAt: Date }
  | { readonly status: 'missing' };

/** What the field cipher needs; DataKeyStore is the production implementation. */
export interface DataKeyProvider {
  /** Returns the subject's key, creating it on first use; throws SubjectErasedError after erasure. */
  keyForEncryption(subject: DataSubject): Promise<ActiveDataKey>;
  keyForDecryption(subject: DataSubject): Promise<DataKeyLookup>;
}

export interface DataKeyStoreOptions {
  readonly repository: DataKeyRepository;
  readonly masterKeys: MasterKeyRing;
  /**
   * Where every erasure is recorded before its key is shredded, outside the backed-up data, so a
   * restore can shred it again. Required to erase; readers that never erase may leave it out.
   */
  readonly erasureLedger?: ErasureLedger;
  /** Defaults: 10 000 keys, 5 minutes (the longest another process's erasure can go unnoticed here). */
  readonly cache?: { readonly maxEntries?: number; readonly ttlMs?: number };
  readonly now?: () => Date;
  /**
   * Source of keys, key ids and wrapping IVs; by default a pool of CSPRNG bytes (random-pool.ts):
   * an import creates a key per row, and a `randomBytes` call each for the key, its id and its IV
   * was a quarter of the key creation's cost (ADR 0420).
   */
  readonly randomBytes?: (n: number) => Buffer;
}

export class DataKeyStore implements DataKeyProvider {
  private readonly repository: DataKeyRepository;
  private readonly masterKeys: MasterKeyRing;
  private readonly erasureLedger: ErasureLedger | undefined;
  private readonly cache: BoundedCache<DataKeyLookup>;
  private readonly lookupsInFlight = new Map<string, Promise<DataKeyLookup>>();
  private readonly claimsInFlight = new Map<string, Promise<DataKeyLookup>>();
  private readonly now: () => Date;
  private readonly randomBytes: (n: number) => Buffer;

  constructor(options: DataKeyStoreOptions) {
    this.repository = options.repository;
    this.masterKeys = options.masterKeys;
    this.erasureLedger = options.erasureLedger;
    this.now = options.now ?? (() => new Date());
    this.randomBytes = options.randomBytes ?? pooledRandomBytes();
    this.cache = new BoundedCache({
      maxEntries: options.cache?.maxEntries ?? 10_000,
      ttlMs: options.cache?.ttlMs ?? 5 * 60_000,
      now: () => this.now().getTime(),
    });
  }

  async keyForEncryption(subject: DataSubject): Promise<ActiveDataKey> {
    assertDataSubject(subject);
    const cacheKey = dataSubjectKey(subject);
    const lookup = this.cache.get(cacheKey) ?? (await this.claimKey(subject, cacheKey));
    if (lookup.status === 'erased')
      throw new SubjectErasedError(subject.tenantId, subject.subjectId, lookup.erasedAt);
    if (lookup.status !== 'active')
      throw new DataKeyIntegrityError(subject.tenantId, subject.subjectId);
    return { kid: lookup.kid, key: lookup.key };
  }

  /**
   * The subject's stored key, created if it has none, in one repository call (ADR 0355: no read
   * first; the PostgreSQL adapter inserts or returns the existing row in one statement). The
   * encryptions of one command (several events of a new subject) share one call.
   */
  private claimKey(subject: DataSubject, cacheKey: string): Promise<DataKeyLookup> {
    const pending = this.claimsInFlight.get(cacheKey);
    if (pending) return pending;
    const created = this.newKey(subject);
    const claim = this.repository
      .insertIfAbsent(created.record)
      .then((stored) => {
        // Another writer may have won the race (or erased the subject meanwhile): what is stored.
        const lookup = this.storedLookup(subject, stored, created);
        this.cache.set(cacheKey, lookup);
        return lookup;
      })
      .finally(() => this.claimsInFlight.delete(cacheKey));
    this.claimsInFlight.set(cacheKey, claim);
    return claim;
  }

  /**
   * Makes sure every subject has a key, creating the missing ones in one statement where the
   * repository can (bulk writers such as imports), and caches them, so the encryptions that follow
   * need no round trip each. Erased subjects are left as they are (encrypting for them still fails).
   */
  async prepareKeys(subjects: readonly DataSubject[]): Promise<void> {
    const missing: DataSubject[] = [];
    for (const subject of subjects) {
      assertDataSubject(subject);
      if (!this.cache.get(dataSubjectKey(subject))) missing.push(subject);
    }
    if (missing.length === 0) return;
    const created = new Map(missing.map((s) => [dataSubjectKey(s), this.newKey(s)]));
    const records = [...created.values()].map((c) => c.record);
    const stored = this.repository.insertManyIfAbsent
      ? await this.repository.insertManyIfAbsent(records)
      : await Promise.all(records.map((r) => this.repository.insertIfAbsent(r)));
    for (const row of stored) {
      const subject =
        row.status === 'active'
          ? { tenantId: row.record.tenantId, subjectId: row.record.subjectId }
          : { tenantId: row.erasure.tenantId, subjectId: row.erasure.subjectId };
      const cacheKey = dataSubjectKey(subject);
      this.cache.set(cacheKey, this.storedLookup(subject, row, created.get(cacheKey)));
    }
  }

  async keyForDecryption(subject: DataSubject): Promise<DataKeyLookup> {
    assertDataSubject(subject);
    const cacheKey = dataSubjectKey(subject);
    const cached = this.cache.get(cacheKey);
    if (cached) return cached;
    // A batch of events (a replay, a page of the log) decrypts many fields of one subject at
    // once: they share one read and one unwrap instead of racing to do it each.
    const pending = this.lookupsInFlight.get(cacheKey);
    if (pending) return pending;
    const lookup = this.lookUpForDecryption(subject, cacheKey).finally(() =>
      this.lookupsInFlight.delete(cacheKey),
    );
    this.lookupsInFlight.set(cacheKey, lookup);
    return lookup;
  }

  private async lookUpForDecryption(
    subject: DataSubject,
    cacheKey: string,
  ): Promise<DataKeyLookup> {
    const stored = await this.repository.find(subject);
    const lookup = stored ? this.toLookup(subject, stored) : ({ status: 'missing' } as const);
    // A missing key is not cached: it is about to be created, possibly by another process.
    if (lookup.status !== 'missing') this.cache.set(cacheKey, lookup);
    return lookup;
  }

  /**
   * Crypto-shreds the subject: its key is deleted, so every ciphertext of it becomes unreadable.
   * The erasure is first appended to the erasure ledger (outside the backups' reach): if that
   * fails nothing is shredded and the caller sees the error; if shredding fails after it, the
   * ledger entry makes the next restore (or a retry) finish the job. Never the other way round.
   */
  async erase(subject: DataSubject): Promise<ErasureRecord> {
    assertDataSubject(subject);
    if (!this.erasureLedger) throw new ErasureLedgerRequiredError();
    const erasedAt = this.now();
    await this.erasureLedger.record({ ...subject, erasedAt });
    const erasure = await this.repository.erase(subject, erasedAt);
    this.cache.set(dataSubjectKey(subject), { status: 'erased', erasedAt: erasure.erasedAt });
    return erasure;
  }

  /** Re-wraps every data key under `newKey`; events and field ciphertexts are untouched. */
  rotateMasterKey(
    oldKeys: readonly MasterKey[],
    newKey: MasterKey,
  ): Promise<MasterKeyRotationReport> {
    return rotateMasterKey(this.repository, oldKeys, newKey);
  }

  /** A fresh random key for `subject`, and its record wrapped by the current master key. */
  private newKey(subject: DataSubject): CreatedDataKey {
    const key = Buffer.from(this.randomBytes(DATA_KEY_BYTES)); // its own memory, not the pool's
    const kid = `dk-${this.randomBytes(12).toString('base64url')}`;
    const master = this.masterKeys.current;
    const record = {
      tenantId: subject.tenantId,
      subjectId: subject.subjectId,
      kid,
      wrappedKey: wrapDataKey(master, subject, kid, key, this.randomBytes),
      masterKeyId: master.id,
      createdAt: this.now(),
    };
    return { record, key };
  }

  /**
   * What is stored for a subject this process just offered a key for: when the stored row is the
   * offered one (same random key id) its clear key is at hand, so it is not unwrapped again
   * (ADR 0420); any other row (a key created earlier, e.g. by a run that crashed before its
   * append, or by a writer that won the race; an erasure) is what counts, read as usual.
   */
  private storedLookup(
    subject: DataSubject,
    stored: StoredDataKey,
    offered: CreatedDataKey | undefined,
  ): DataKeyLookup {
    if (stored.status === 'active' && offered && stored.record.kid === offered.record.kid)
      return { status: 'active', kid: offered.record.kid, key: offered.key };
    return this.toLookup(subject, stored);
  }

  private toLookup(subject: DataSubject, stored: StoredDataKey): DataKeyLookup {
    if (stored.status === 'erased') return { status: 'erased', erasedAt: stored.erasure.erasedAt };
    return { status: 'active', kid: stored.record.kid, key: this.unwrap(subject, stored.record) };
  }

  private unwrap(subject: DataSubject, record: WrappedDataKeyRecord): Buffer {
    const master = findMasterKey(this.masterKeys, record.masterKeyId);
    if (!master) throw new WrongMasterKeyError(record.masterKeyId, masterKeyIds(this.masterKeys));
    const key = unwrapDataKey(master, subject, record.kid, record.wrappedKey);
    if (!key) throw new DataKeyIntegrityError(subject.tenantId, subject.subjectId);
    return key;
  }
}

// In-memory DataKeyRepository for unit tests and single-process tools. Follows the same contract
// as the PostgreSQL adapter (see data-key.repository.contract.ts), including the tombstone rules.
import {
  compareDataSubjects,
  type DataKeyRepository,
  type ErasureRecord,
  type StoredDataKey,
  type WrappedDataKeyRecord,
} from './data-key.repository';
import { dataSubjectKey, type DataSubject } from './data-subject';

export class InMemoryDataKeyRepository implements DataKeyRepository {
  private readonly rows = new Map<string, StoredDataKey>();

  async find(subject: DataSubject): Promise<StoredDataKey | undefined> {
    return this.rows.get(dataSubjectKey(subject));
  }

  async insertIfAbsent(record: WrappedDataKeyRecord): Promise<StoredDataKey> {
    const key = dataSubjectKey(record);
    const existing = this.rows.get(key);
    if (existing) return existing;
    const row: StoredDataKey = {
      status: 'active',
      record: { ...record, wrappedKey: Buffer.from(record.wrappedKey) },
    };
    this.rows.set(key, row);
    return row;
  }

  async erase(subject: DataSubject, erasedAt: Date): Promise<ErasureRecord> {
    const key = dataSubjectKey(subject);
    const existing = this.rows.get(key);
    if (existing?.status === 'erased') return existing.erasure;
    const erasure: ErasureRecord = {
      tenantId: subject.tenantId,
      subjectId: subject.subjectId,
      kid: existing?.record.kid,
      erasedAt,
    };
    this.rows.set(key, { status: 'erased', erasure });
    return erasure;
  }

  async listNotWrappedBy(
    masterKeyId: string,
    after: DataSubject | undefined,
    limit: number,
  ): Promise<WrappedDataKeyRecord[]> {
    return [...this.rows.values()]
      .flatMap((row) =>
        row.status === 'active' && row.record.masterKeyId !== masterKeyId ? [row.record] : [],
      )
      .filter((record) => after === undefined || compareDataSubjects(record, after) > 0)
      .sort(compareDataSubjects)
      .slice(0, limit);
  }

  async replaceWrapping(
    subject: DataSubject,
    kid: string,
    expectedMasterKeyId: string,
    wrappedKey: Buffer,
    masterKeyId: string,
  ): Promise<boolean> {
    const key = dataSubjectKey(subject);
    const row = this.rows.get(key);
    if (
      row?.status !== 'active' ||
      row.record.kid !== kid ||
      row.record.masterKeyId !== expectedMasterKeyId
    )
      return false;
    this.rows.set(key, {
      status: 'active',
      record: { ...row.record, wrappedKey: Buffer.from(wrappedKey), masterKeyId },
    });
    return true;
  }
}

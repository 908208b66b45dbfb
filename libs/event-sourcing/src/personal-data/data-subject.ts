// A data subject is the person whose personal data a field describes. Keys, erasure and the
// ciphertext binding are all scoped by tenant first, so one tenant can never read or shred another's.

export interface DataSubject {
  readonly tenantId: string;
  readonly subjectId: string;
}

export function assertDataSubject(subject: DataSubject): void {
  if (!subject.tenantId || !subject.subjectId) {
    throw new TypeError('a data subject needs a non-empty tenantId and subjectId');
  }
}

export function dataSubjectKey(subject: DataSubject): string {
  return JSON.stringify([subject.tenantId, subject.subjectId]);
}

import {
  CUSTOM_META,
  isVisible,
  readAdapterSettings,
  toPortMetadata,
  writeAdapterSettings,
} from './kurrentdb-stream-metadata';
import { eventIdClaimStream, idempotencyStream } from './kurrentdb-stream-names';

describe('KurrentDB stream metadata mapping', () => {
  it("merges the adapter's settings into the stored metadata without dropping operators' keys", () => {
    const stored = {
      $acl: { $r: ['ops'] },
      $maxCount: 10,
      owner: 'team-a',
      [CUSTOM_META.maxAgeSeconds]: 60,
    };
    const next = writeAdapterSettings(stored, { truncateBefore: 4, maxAgeSeconds: null });
    expect(next).toEqual({
      $acl: { $r: ['ops'] },
      $maxCount: 10,
      owner: 'team-a',
      [CUSTOM_META.truncateBefore]: 4,
    });
    expect(readAdapterSettings(next)).toEqual({ truncateBefore: 4, maxAgeSeconds: null });
  });

  it('ignores malformed values', () => {
    expect(
      readAdapterSettings({ [CUSTOM_META.truncateBefore]: 'x', [CUSTOM_META.maxAgeSeconds]: -1 }),
    ).toEqual({
      truncateBefore: 0,
      maxAgeSeconds: null,
    });
    expect(readAdapterSettings(undefined)).toEqual({ truncateBefore: 0, maxAgeSeconds: null });
  });

  it('reports a soft delete exactly while every event is hidden', () => {
    const head = { version: 2, tenantId: 't1', lastHash: 'h' };
    expect(
      toPortMetadata('a.B-1', head, { truncateBefore: 3, maxAgeSeconds: null }, false),
    ).toMatchObject({ softDeleted: true, version: 2 });
    expect(
      toPortMetadata(
        'a.B-1',
        { ...head, version: 3 },
        { truncateBefore: 3, maxAgeSeconds: null },
        false,
      ),
    ).toMatchObject({
      softDeleted: false,
    });
  });

  it('hides truncated and expired events from stream reads', () => {
    const now = new Date('2025-01-01T00:01:00Z');
    const settings = { truncateBefore: 3, maxAgeSeconds: 30 };
    expect(isVisible(2, now, settings, now)).toBe(false);
    expect(isVisible(3, new Date('2025-01-01T00:00:31Z'), settings, now)).toBe(true);
    expect(isVisible(3, new Date('2025-01-01T00:00:29Z'), settings, now)).toBe(false);
  });

  it('names bookkeeping streams so they never look like platform streams', () => {
    expect(eventIdClaimStream('0190A1B2-C3D4-7E5F-8A9B-0C1D2E3F4A5B')).toBe(
      'crm-event-id-0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b',
    );
    expect(idempotencyStream('tenant/key with spaces')).toMatch(/^crm-idempotency-[0-9a-f]{64}$/);
  });
});

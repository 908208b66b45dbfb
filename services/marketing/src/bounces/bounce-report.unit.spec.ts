// Bounce reports from the inbound topic: the mail found by its Message-ID, anything else refused
// with the reason before anything is written.
import { MalformedBounceReportError, parseBounceReport } from './bounce-report';

const report = (fields: Record<string, unknown>) => JSON.stringify(fields);

describe('a bounce report', () => {
  it("names the mail's source and customer from the Message-ID marketing gave it", () => {
    expect(
      parseBounceReport(
        report({
          mailMessageId: '<spring%2F2026.0190a5c4-7d1e@marketing.crm>',
          kind: 'hard',
          bouncedAt: '2026-12-07T10:14:03+01:00',
          detail: '550 5.1.1 user unknown',
        }),
      ),
    ).toEqual({
      mailMessageId: '<spring%2F2026.0190a5c4-7d1e@marketing.crm>',
      sourceId: 'spring/2026',
      customerId: '0190a5c4-7d1e',
      kind: 'hard',
      bouncedAt: '2026-12-07T09:14:03.000Z',
      detail: '550 5.1.1 user unknown',
    });
    expect(
      parseBounceReport(
        report({ mailMessageId: '<journey%3Awelcome.v1.1.mail.anna@marketing.crm>', kind: 'soft' }),
      ),
    ).toMatchObject({ sourceId: 'journey:welcome.v1.1.mail', customerId: 'anna', kind: 'soft' });
  });

  it.each([
    ['not JSON', '{', /not JSON/],
    ['an unknown kind', report({ mailMessageId: '<a.b@marketing.crm>', kind: 'blocked' }), /kind/],
    ['no Message-ID', report({ kind: 'hard' }), /mailMessageId/],
    [
      'another sender',
      report({ mailMessageId: '<a.b@example.org>', kind: 'hard' }),
      /not a marketing/,
    ],
    [
      'no customer part',
      report({ mailMessageId: '<spring@marketing.crm>', kind: 'hard' }),
      /not a/,
    ],
    [
      'a bad instant',
      report({ mailMessageId: '<a.b@marketing.crm>', kind: 'hard', bouncedAt: 'yesterday' }),
      /bouncedAt/,
    ],
    ['a bad escape', report({ mailMessageId: '<a%E0.b@marketing.crm>', kind: 'hard' }), /not a/],
    [
      'too large',
      report({ mailMessageId: '<a.b@marketing.crm>', kind: 'hard', detail: 'x'.repeat(9000) }),
      /larger/,
    ],
  ])('refuses %s', (_name, text, reason) => {
    expect(() => parseBounceReport(text)).toThrow(MalformedBounceReportError);
    expect(() => parseBounceReport(text)).toThrow(reason);
  });
});

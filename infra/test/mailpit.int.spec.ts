// Smoke test: the local mail server (Mailpit, started by infra/local/crm-infra) takes mail over
// SMTP from nodemailer, as the platform sends it, and gives it back over its HTTP API with the
// threading headers the service desk relies on (Message-ID, In-Reply-To, References).
import { randomUUID } from 'node:crypto';
import nodemailer from 'nodemailer';
import { eventually, testInfrastructure, type TestInfrastructure } from '@crm/testing';

interface MailpitSummary {
  readonly ID: string;
  readonly MessageID: string;
  readonly Subject: string;
  readonly To: readonly { Address: string }[];
}

describe('Mailpit (infra/local/crm-infra)', () => {
  let infra: TestInfrastructure;

  beforeAll(async () => {
    infra = await testInfrastructure({ require: ['mailpit'] });
  });

  async function search(query: string): Promise<MailpitSummary[]> {
    const url = new URL('/api/v1/search', infra.mailpitUrl);
    url.searchParams.set('query', query);
    const response = await fetch(url);
    expect(response.status).toBe(200);
    return ((await response.json()) as { messages: MailpitSummary[] }).messages;
  }

  it('receives a reply over SMTP and serves it, headers intact, over its API', async () => {
    const transport = nodemailer.createTransport({ url: infra.smtpUrl });
    const tag = randomUUID();
    const original = `<${tag}.original@desk.example>`;
    try {
      const sent = await transport.sendMail({
        from: 'Support <support@desk.example>',
        to: 'ada@example.com',
        subject: `Re: your ticket ${tag}`,
        text: 'We have fixed it.',
        inReplyTo: original,
        references: [original],
      });
      expect(sent.rejected).toEqual([]);

      const [summary] = await eventually(async () => {
        const found = await search(`subject:"${tag}"`);
        expect(found).toHaveLength(1);
        return found;
      });
      expect(summary!.To.map((t) => t.Address)).toEqual(['ada@example.com']);
      expect(`<${summary!.MessageID}>`).toBe(sent.messageId);

      const headers = (await (
        await fetch(new URL(`/api/v1/message/${summary!.ID}/headers`, infra.mailpitUrl))
      ).json()) as Record<string, string[]>;
      expect(headers['In-Reply-To']).toEqual([original]);
      expect(headers['References']).toEqual([original]);
    } finally {
      transport.close();
    }
  });
});

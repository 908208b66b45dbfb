// InboundMailbox over Mailpit's HTTP API (development and tests; ADR 0160): search the unread mail
// to the support address, read each message and its threading headers, delete what became part of a
// ticket, mark parked mail read and tag it `parked-<reason>` so it stays for an operator.
import type { RawInboundMail } from './inbound-mail';
import type { InboundMailbox } from './inbound-mailbox';

interface Summary {
  readonly ID: string;
  readonly Size: number;
}

interface Message {
  readonly ID: string;
  readonly MessageID: string;
  readonly From: { readonly Address: string } | null;
  readonly Subject: string;
  readonly Text: string;
  readonly Size: number;
}

export class MailpitMailbox implements InboundMailbox {
  constructor(
    private readonly baseUrl: string,
    private readonly supportAddress: string,
  ) {}

  async fetchUnread(max: number): Promise<RawInboundMail[]> {
    const url = new URL('/api/v1/search', this.baseUrl);
    url.searchParams.set('query', `to:"${this.supportAddress}" is:unread`);
    url.searchParams.set('limit', String(max));
    const { messages } = await this.json<{ messages: Summary[] }>(url);
    // Mailpit lists newest first; tickets are threaded oldest first.
    const mails: RawInboundMail[] = [];
    for (const summary of [...messages].reverse()) mails.push(await this.read(summary));
    return mails;
  }

  async acknowledge(sourceId: string): Promise<void> {
    await this.send('DELETE', '/api/v1/messages', { IDs: [sourceId] });
  }

  async park(sourceId: string, reason: string): Promise<void> {
    await this.send('PUT', '/api/v1/messages', { IDs: [sourceId], Read: true });
    await this.send('PUT', '/api/v1/tags', {
      IDs: [sourceId],
      Tags: [`parked-${reason.toLowerCase()}`],
    });
  }

  private async read(summary: Summary): Promise<RawInboundMail> {
    const message = await this.json<Message>(
      new URL(`/api/v1/message/${summary.ID}`, this.baseUrl),
    );
    const headers = await this.json<Record<string, string[] | undefined>>(
      new URL(`/api/v1/message/${summary.ID}/headers`, this.baseUrl),
    );
    return {
      sourceId: summary.ID,
      messageId:
        headers['Message-Id']?.[0] ??
        headers['Message-ID']?.[0] ??
        (message.MessageID || undefined),
      fromAddress: message.From?.Address || undefined,
      subject: message.Subject,
      text: message.Text,
      inReplyTo: headers['In-Reply-To'] ?? [],
      references: headers['References'] ?? [],
      sizeBytes: message.Size,
    };
  }

  private async json<T>(url: URL): Promise<T> {
    const response = await fetch(url);
    if (!response.ok) throw new Error(`Mailpit ${url.pathname} answered HTTP ${response.status}`);
    return (await response.json()) as T;
  }

  private async send(method: string, path: string, body: object): Promise<void> {
    const response = await fetch(new URL(path, this.baseUrl), {
      method,
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    if (!response.ok) throw new Error(`Mailpit ${method} ${path} answered HTTP ${response.status}`);
  }
}

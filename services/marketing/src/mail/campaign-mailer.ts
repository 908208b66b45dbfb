// Sends campaign e-mail over real SMTP (nodemailer): Mailpit locally, any provider's relay in
// production. The Message-ID is derived from campaign and customer, so a mail sent again after a
// crash (before its delivery was recorded) is recognisable as the same message. The transport keeps
// its SMTP connections open between mails (nodemailer's pool): a connection, greeting and EHLO per
// mail cost about as much CPU as the mail itself (bench M2; docs/benchmarks.md).
import nodemailer, { type Transporter } from 'nodemailer';

export interface OutgoingMail {
  readonly campaignId: string;
  readonly customerId: string;
  readonly to: string;
  readonly subject: string;
  readonly html: string;
  readonly unsubscribeUrl: string;
}

/** The port a send goes through; CampaignMailer is its SMTP adapter. */
export interface MailSender {
  /** Sends one mail; returns its Message-ID. */
  send(mail: OutgoingMail): Promise<string>;
  close(): void;
}

/** The SMTP URL with `pool=true` (nodemailer reads options from the query) unless it says otherwise. */
export function pooled(smtpUrl: string): string {
  const url = new URL(smtpUrl);
  if (!url.searchParams.has('pool')) url.searchParams.set('pool', 'true');
  return url.toString();
}

/** The Message-ID of a source's mail to a customer (bounce reports name it; bounce-report.ts). */
export const campaignMessageId = (sourceId: string, customerId: string): string =>
  `<${encodeURIComponent(sourceId)}.${encodeURIComponent(customerId)}@marketing.crm>`;

export class CampaignMailer implements MailSender {
  private readonly transport: Transporter;

  constructor(
    smtpUrl: string,
    private readonly from: string,
  ) {
    this.transport = nodemailer.createTransport(pooled(smtpUrl));
  }

  async send(mail: OutgoingMail): Promise<string> {
    const messageId = campaignMessageId(mail.campaignId, mail.customerId);
    await this.transport.sendMail({
      from: this.from,
      to: mail.to,
      subject: mail.subject,
      html: mail.html,
      messageId,
      // One-click unsubscribe for mail clients (RFC 8058), the same signed link as in the body.
      list: { unsubscribe: { url: mail.unsubscribeUrl, comment: 'Unsubscribe' } },
      headers: { 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' },
    });
    return messageId;
  }

  close(): void {
    this.transport.close();
  }
}
